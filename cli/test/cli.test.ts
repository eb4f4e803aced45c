import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { validateMessage } from '@salesflow/contract';
import { splitLines } from '@salesflow/generator';
import { buildProgram, main } from '../src/main.js';
import { runCli } from './helpers.js';

function allCommands(command: Command, path: string[] = []): string[][] {
  return command.commands.flatMap((child) => [
    [...path, child.name()],
    ...allCommands(child, [...path, child.name()]),
  ]);
}

describe('salesflow CLI', () => {
  it('prints help for the program and for every command and subcommand', () => {
    const commands = allCommands(buildProgram());
    expect(commands.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining(['generate', 'publish']),
    );
    for (const path of commands) {
      let target = buildProgram();
      for (const name of path)
        target = target.commands.find((command) => command.name() === name) as Command;
      const help = target.helpInformation();
      expect(help).toContain(`Usage: salesflow ${path.join(' ')}`);
      expect(help).toContain('--help');
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs the CLI in-process, capturing what it writes. */
  async function runInProcess(
    args: readonly string[],
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    const code = await main(['node', 'salesflow', ...args]);
    vi.restoreAllMocks();
    return { code, stdout, stderr };
  }

  it('exits 0 with help on stdout for the program and every command', async () => {
    for (const path of [[], ...allCommands(buildProgram())]) {
      const result = await runInProcess([...path, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: salesflow');
    }
  });

  it('exits 0 with help from the real executable', async () => {
    const result = await runCli(['generate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('Usage: salesflow generate');
  });

  it.each([
    [['generate', '--events', 'abc'], /--events must be a whole number/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])(
    'the real executable rejects %j with one line on stderr and exit code 2',
    async (args, message) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stdout.length).toBe(0);
    },
  );

  it.each([
    [['generate', '--events', 'abc'], /--events must be a whole number/],
    [['generate', '--bogus'], /unknown option '--bogus'/],
    [['generate', '--invalid', '1.5'], /--invalid must be a rate between 0 and 1/],
    [['generate', '--from', '2026-02-30x'], /--from must be a date/],
    [['generate', '--from', '2026-02-01', '--to', '2026-01-01'], /--to must be after --from/],
    [['generate', '--rate', '10'], /live mode needs --duration or --events/],
    [['generate', '--duration', '10s'], /--duration needs --rate/],
    [['publish'], /--file is required/],
    [
      ['publish', '--file', 'x.ndjson', '--batch-size', '0'],
      /--batch-size must be a whole number ≥ 1/,
    ],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects %j with one line on stderr and exit code 2', async (args, message) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('generates 100k valid lines on stdout with --out -', async () => {
    const result = await runCli([
      'generate',
      '--events',
      '100000',
      '--seed',
      '1',
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-01',
      '--out',
      '-',
    ]);
    expect(result.code).toBe(0);
    const lines = splitLines(result.stdout);
    expect(lines).toHaveLength(100_000);
    const now = Date.parse('2026-06-01T00:00:00Z');
    let valid = 0;
    for (const line of lines) if (validateMessage(line, { now }).ok) valid += 1;
    expect(valid).toBe(100_000);
    expect(result.stderr).toMatch(
      /generated 100000 messages \(100000 valid, 0 duplicate, 0 conflicting, 0 invalid\)/,
    );
  });

  it('writes chaos to a file and the FX rates of the range to another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salesflow-cli-'));
    const out = join(dir, 'events.ndjson');
    const fxOut = join(dir, 'fx.ndjson');
    const args = [
      'generate',
      '--events',
      '2000',
      '--seed',
      '4',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-09',
    ];
    const result = await runCli([
      ...args,
      '--invalid',
      '0.2',
      '--duplicates',
      '0.1',
      '--out',
      out,
      '--fx-out',
      fxOut,
    ]);
    expect(result.code).toBe(0);
    const lines = splitLines(readFileSync(out));
    expect(lines).toHaveLength(2000);
    const rejected = lines.filter(
      (line) => !validateMessage(line, { now: Date.parse('2026-06-01T00:00:00Z') }).ok,
    );
    expect(rejected.length / lines.length).toBeGreaterThan(0.15);
    expect(rejected.length / lines.length).toBeLessThan(0.25);
    const fx = splitLines(readFileSync(fxOut)).map(
      (line) => JSON.parse(line.toString()) as { rate_date: string },
    );
    expect(new Set(fx.map((row) => row.rate_date))).toEqual(
      new Set(
        [
          '02-23',
          '02-24',
          '02-25',
          '02-26',
          '02-27',
          '03-02',
          '03-03',
          '03-04',
          '03-05',
          '03-06',
        ].map((day) => `2026-${day}`),
      ),
    );
    // Same flags, same bytes.
    const again = join(dir, 'again.ndjson');
    await runCli([...args, '--invalid', '0.2', '--duplicates', '0.1', '--out', again]);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  it('sends competing order events with --conflicts and counts them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salesflow-cli-'));
    const out = join(dir, 'events.ndjson');
    const result = await runCli([
      ...[
        'generate',
        '--events',
        '3000',
        '--seed',
        '5',
        '--from',
        '2026-03-02',
        '--to',
        '2026-03-09',
      ],
      ...['--conflicts', '0.05', '--out', out],
    ]);
    expect(result.code).toBe(0);
    const reported = /(\d+) conflicting/.exec(result.stderr);
    expect(Number(reported?.[1])).toBeGreaterThan(0);
    // Each competing event is a valid order_placed event under an order id already placed, with a
    // new event id.
    const placements = new Map<string, Set<string>>();
    for (const line of splitLines(readFileSync(out))) {
      const event = JSON.parse(line.toString()) as {
        event_id: string;
        event_type: string;
        order_id: string;
      };
      if (event.event_type !== 'order_placed') continue;
      placements.set(
        event.order_id,
        new Set([...(placements.get(event.order_id) ?? []), event.event_id]),
      );
    }
    const competing = [...placements.values()].reduce((sum, ids) => sum + ids.size - 1, 0);
    expect(competing).toBe(Number(reported?.[1]));
    expect((await runCli(['generate', '--conflicts', '2', '--out', out])).stderr).toMatch(
      /--conflicts/,
    );
  });
});

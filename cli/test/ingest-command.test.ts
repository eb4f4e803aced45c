import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'cli/bin/salesflow.mjs');
const EXAMPLES = join(ROOT, 'contract/examples');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-ingest-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const salesflow = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 170_000 });

describe('salesflow ingest', () => {
  it.each([
    [['ingest'], /^salesflow: --file is required/],
    [['ingest', '--file', 'missing.ndjson'], /^salesflow: --file missing\.ndjson: no such file/],
    [['ingest', '--file', 'x', '--timeout', 'soon'], /^salesflow: --timeout must be a duration/],
    [
      ['ingest', '--file', 'x', '--max-in-flight', '0'],
      /^salesflow: --max-in-flight must be a whole number ≥ 1/,
    ],
  ])('refuses %j in one line with exit code 2', (args, message) => {
    const result = salesflow(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('ingests a file end to end and accounts for every line', () => {
    const examples = readdirSync(EXAMPLES)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.stringify(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'))));
    const lines = [...examples, examples[0]!, '{"schema_version":1', 'not json at all', '[]', ''];
    writeFileSync(join(dir, 'events.ndjson'), `${lines.join('\n')}\n`);
    const result = salesflow(
      'ingest',
      '--file',
      'events.ndjson',
      '--warehouse',
      'wh/warehouse.duckdb',
      '--timeout',
      '90s',
    );
    expect(result.stderr).toMatch(/skipping 1 blank line/);
    expect(result.status, result.stderr).toBe(0);
    const counts = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => /^([a-z-]+)\s+(\d+)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1], Number(match[2])]),
    );
    expect(counts).toEqual({
      published: examples.length + 4,
      landed: examples.length + 1,
      rejected: 3,
      'dead-lettered': 0,
      unaccounted: 0,
    });
    expect(readdirSync(join(dir, 'wh'))).toEqual(
      expect.arrayContaining(['warehouse.duckdb', 'warehouse.bronze']),
    );
  }, 180_000);

  it('stops every process it started on SIGINT', async () => {
    const line = JSON.stringify(
      JSON.parse(readFileSync(join(EXAMPLES, readdirSync(EXAMPLES)[0]!), 'utf8')),
    );
    writeFileSync(
      join(dir, 'many.ndjson'),
      `${Array.from({ length: 20_000 }, () => line).join('\n')}\n`,
    );
    const child = spawn(
      process.execPath,
      [BIN, 'ingest', '--file', 'many.ndjson', '--warehouse', 'wh2/warehouse.duckdb'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const started = new Promise<void>((resolveStarted) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/ingest: (published|landed)/.test(stderr)) resolveStarted();
      }),
    );
    const exited = new Promise<number | null>((resolveExit) =>
      child.once('exit', (code) => resolveExit(code)),
    );
    await started;
    // The processes ingest started: its children (emulator, function host).
    const children = readdirSync(`/proc/${child.pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${child.pid}/task/${task}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
    expect(children.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    for (
      let waited = 0;
      waited < 100 && children.some((pid) => existsSync(`/proc/${pid}`));
      waited += 1
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(children.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 180_000);
});

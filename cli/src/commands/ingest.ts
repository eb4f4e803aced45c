import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Accounting, IngestResult, TrackedMessage } from '@salesflow/local';
import { UsageError } from '../errors.js';
import { duration, parseFlags, wholeNumber } from '../flags.js';
import { Cleanup } from '../run/stages.js';

const IngestFlags = z.object({
  file: z
    .string({ error: '--file is required (an NDJSON file: one message per line)' })
    .min(1, '--file must name a file'),
  warehouse: z.string().min(1, '--warehouse must name a file'),
  timeout: duration('--timeout'),
  maxInFlight: wholeNumber('--max-in-flight', 1).refine(
    (n) => n <= 5_000,
    '--max-in-flight must be at most 5000',
  ),
});

/** The validated plan of one `salesflow ingest` run. */
export type IngestPlan = z.infer<typeof IngestFlags>;

/** Turns raw commander options into a plan, or a one-line usage error. */
export function planIngest(raw: unknown): IngestPlan {
  return parseFlags(IngestFlags, raw);
}

/** Reads the file's lines; blank lines are counted apart (Pub/Sub refuses an empty message). */
async function readMessages(file: string): Promise<{ messages: TrackedMessage[]; blank: number }> {
  const { readLines } = await import('@salesflow/generator');
  const messages: TrackedMessage[] = [];
  let blank = 0;
  for await (const line of readLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if (line.length === 0) blank += 1;
    else messages.push({ data: Buffer.from(line) });
  }
  return { messages, blank };
}

/** The report printed on stdout. */
export function renderAccounting(accounting: Accounting, seconds: number): string {
  const width = String(accounting.published).length;
  const row = (label: string, value: number): string =>
    `${label.padEnd(14)}${String(value).padStart(width)}\n`;
  return (
    row('published', accounting.published) +
    row('landed', accounting.landed) +
    row('rejected', accounting.rejected) +
    row('dead-lettered', accounting.deadLettered) +
    row('unaccounted', accounting.unaccounted) +
    `(${seconds.toFixed(1)} s)\n`
  );
}

/** Starts the local stack (emulator, ingestSales process, push bridge) and ingests the plan's file. */
export async function runIngest(
  plan: IngestPlan,
  messages: readonly TrackedMessage[],
  cleanup: Cleanup,
  progress: (line: string, final?: boolean) => void,
): Promise<IngestResult> {
  progress(
    `ingest: starting the Pub/Sub emulator, ingestSales → Bronze in ${plan.warehouse} and the push bridge`,
    true,
  );
  const { startLocalStack } = await import('@salesflow/local');
  const starting = startLocalStack({
    warehousePath: resolve(plan.warehouse),
    maxInFlight: plan.maxInFlight,
    onFunctionLine: (line, stream) => {
      if (stream === 'stderr' || line.includes('"severity":"ERROR"'))
        process.stderr.write(`  function: ${line}\n`);
    },
  });
  // Registered before it is up: a Ctrl-C during start-up stops whatever has started.
  cleanup.add('local stack', async () => (await starting).stop());
  const stack = await starting;
  return stack.ingest(messages, {
    settleTimeoutMs: plan.timeout,
    pollIntervalMs: 500,
    onProgress: ({ phase, published, accounting }) => {
      if (phase === 'publishing') progress(`ingest: published ${published}/${messages.length}`);
      else if (accounting) {
        progress(
          `ingest: landed ${accounting.landed}, rejected ${accounting.rejected}, dead-lettered ${accounting.deadLettered}, waiting for ${accounting.unaccounted}`,
        );
      }
    },
  });
}

/** A progress line on stderr: redrawn in place on a terminal, else at most every few seconds. */
function stderrProgress(): (line: string, final?: boolean) => void {
  let last = 0;
  const tty = process.stderr.isTTY === true;
  return (line, final = false) => {
    const now = Date.now();
    if (!final && now - last < (tty ? 200 : 5_000)) return;
    last = now;
    process.stderr.write(tty ? `\r${line}\u001b[K${final ? '\n' : ''}` : `${line}\n`);
  };
}

/** `salesflow ingest`: a file's lines through emulator → push bridge → ingestSales → Bronze, fully accounted. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description(
      'publish each line of FILE to the local emulator and ingest it through ingestSales into Bronze; ' +
        'prints how many landed, were rejected, were dead-lettered and are unaccounted (exit 1 unless 0)',
    )
    .option('--file <file>', 'NDJSON file: each line is published verbatim as one message')
    .option(
      '--warehouse <path>',
      'DuckDB warehouse file (Bronze lands beside it)',
      '.local/warehouse.duckdb',
    )
    .option(
      '--timeout <duration>',
      'how long to wait for every message to be accounted for after publishing',
      '5m',
    )
    .option('--max-in-flight <n>', 'push bridge flow control: messages pushed at once', '512')
    .action(async (raw: Record<string, unknown>) => {
      const plan = planIngest(raw);
      const info = await stat(plan.file).catch(() => undefined);
      if (info === undefined || !info.isFile())
        throw new UsageError(`--file ${plan.file}: no such file`);
      const { messages, blank } = await readMessages(plan.file);
      if (blank > 0)
        process.stderr.write(
          `ingest: skipping ${blank} blank line(s): Pub/Sub refuses an empty message\n`,
        );

      const cleanup = new Cleanup();
      const onSignal = (signal: NodeJS.Signals): void => {
        process.stderr.write(`\n▸ ${signal}: stopping every process ingest started\n`);
        void cleanup.run().finally(() => process.exit(130));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const progress = stderrProgress();
      try {
        const result = await runIngest(plan, messages, cleanup, progress);
        progress('ingest: done', true);
        process.stdout.write(renderAccounting(result.accounting, result.elapsedMs / 1000));
        if (result.accounting.unaccounted > 0) {
          throw new Error(
            `${result.accounting.unaccounted} messages are unaccounted for after ${plan.timeout / 1000} s`,
          );
        }
      } finally {
        await cleanup.run();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

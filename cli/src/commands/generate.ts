import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ChaosRates, GeneratedMessage, MessageSink } from '@salesflow/generator';
import { UsageError } from '../errors.js';
import {
  duration,
  instant,
  integer,
  parseFlags,
  positiveNumber,
  rate,
  wholeNumber,
} from '../flags.js';
import { ProgressBar } from '../progress.js';

const DEFAULT_EVENTS = '1000';
const DEFAULT_RANGE_DAYS = 30;
const FX_LOOKBACK_DAYS = 7;
const DAY_MS = 86_400_000;

const GenerateFlags = z.object({
  events: wholeNumber('--events').optional(),
  seed: integer('--seed'),
  from: instant('--from').optional(),
  to: instant('--to').optional(),
  rate: positiveNumber('--rate').optional(),
  duration: duration('--duration').optional(),
  duplicates: rate('--duplicates'),
  late: rate('--late'),
  invalid: rate('--invalid'),
  outOfOrder: rate('--out-of-order'),
  conflicts: rate('--conflicts'),
  refunds: rate('--refunds').optional(),
  out: z.string().min(1, '--out must name a file or - for stdout'),
  fxOut: z.string().min(1, '--fx-out must name a file').optional(),
  customers: wholeNumber('--customers', 1).optional(),
  worldSeed: integer('--world-seed').optional(),
});

/** The validated plan of one `salesflow generate` run. */
export interface GeneratePlan {
  readonly mode: 'backfill' | 'live';
  readonly events: number;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly rate?: number;
  readonly durationMs?: number;
  readonly chaos: ChaosRates;
  readonly refundRate?: number;
  readonly out: string;
  readonly fxOut?: string;
  readonly world: { seed?: number; customers?: number };
}

/** Turns raw flags into a plan, or a one-line usage error. `now` fixes the default date range. */
export function planGenerate(raw: unknown, now: number): GeneratePlan {
  const flags = parseFlags(GenerateFlags, raw);
  const live = flags.rate !== undefined;
  if (!live && flags.duration !== undefined)
    throw new UsageError('--duration needs --rate (live mode)');
  if (live && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError(
      '--from/--to are for backfill; live mode (--rate) stamps events with the current time',
    );
  }
  if (flags.duplicates + flags.invalid > 1)
    throw new UsageError('--duplicates + --invalid must not exceed 1');
  let events = flags.events;
  if (live && events === undefined) {
    if (flags.duration === undefined)
      throw new UsageError('live mode needs --duration or --events');
    events = Math.round((flags.rate as number) * (flags.duration / 1000));
  }
  // Default range: the last full 30 UTC days, so reruns on the same day are byte-identical.
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const to =
    flags.to ?? (flags.from === undefined ? today : flags.from + DEFAULT_RANGE_DAYS * DAY_MS);
  const from = flags.from ?? to - DEFAULT_RANGE_DAYS * DAY_MS;
  if (!live && !(to > from)) throw new UsageError('--to must be after --from');
  if (!live && from < Date.parse('2000-01-01T00:00:00Z'))
    throw new UsageError('--from must be 2000-01-01 or later');
  return {
    mode: live ? 'live' : 'backfill',
    events: events ?? Number(DEFAULT_EVENTS),
    seed: flags.seed,
    from,
    to,
    ...(flags.rate === undefined ? {} : { rate: flags.rate }),
    ...(flags.duration === undefined ? {} : { durationMs: flags.duration }),
    chaos: {
      duplicates: flags.duplicates,
      late: flags.late,
      invalid: flags.invalid,
      outOfOrder: flags.outOfOrder,
      conflicts: flags.conflicts,
    },
    ...(flags.refunds === undefined ? {} : { refundRate: flags.refunds }),
    out: flags.out,
    ...(flags.fxOut === undefined ? {} : { fxOut: flags.fxOut }),
    world: {
      ...(flags.worldSeed === undefined ? {} : { seed: flags.worldSeed }),
      ...(flags.customers === undefined ? {} : { customers: flags.customers }),
    },
  };
}

/** Counts per message kind. */
export interface GenerateSummary {
  readonly total: number;
  readonly valid: number;
  readonly duplicate: number;
  /** Competing order_placed events for orders already placed. */
  readonly conflict: number;
  readonly invalid: number;
  readonly seconds: number;
}

/** Runs a plan: writes the messages to the sink (and FX rows to `plan.fxOut`). */
export async function runGenerate(
  plan: GeneratePlan,
  sink: MessageSink,
  progress: ProgressBar,
  now: () => number = Date.now,
): Promise<GenerateSummary> {
  const started = performance.now();
  const { createGenerator, paced } = await import('@salesflow/generator');
  const generator = createGenerator({
    seed: plan.seed,
    events: plan.events,
    mode: plan.mode,
    from: plan.from,
    to: plan.to,
    clock: now,
    chaos: plan.chaos,
    ...(plan.refundRate === undefined ? {} : { refundRate: plan.refundRate }),
    world: plan.world,
  });
  const counts = { valid: 0, duplicate: 0, conflict: 0, invalid: 0 };
  const count = (message: GeneratedMessage): void => {
    if (message.kind === 'valid') counts.valid += 1;
    else if (message.kind === 'duplicate') counts.duplicate += 1;
    else if (message.kind === 'conflict') counts.conflict += 1;
    else counts.invalid += 1;
  };
  if (plan.mode === 'live') {
    const options = {
      rate: plan.rate as number,
      ...(plan.durationMs === undefined ? {} : { durationMs: plan.durationMs }),
    };
    for await (const message of paced(generator, options)) {
      count(message);
      const wait = sink.write(message);
      if (wait !== undefined) await wait;
      progress.tick();
    }
  } else {
    for (const message of generator) {
      count(message);
      const wait = sink.write(message);
      if (wait !== undefined) await wait;
      progress.tick();
    }
  }
  await sink.close();
  progress.finish();
  if (plan.fxOut !== undefined) {
    // A week of lookback guarantees a business-day rate to carry into weekends and holidays.
    const end = plan.mode === 'live' ? now() : plan.to - 1;
    const start = (plan.mode === 'live' ? end : plan.from) - FX_LOOKBACK_DAYS * DAY_MS;
    await writeFxRows(plan.fxOut, generator.fxRatesFor(start, end));
  }
  const total = counts.valid + counts.duplicate + counts.conflict + counts.invalid;
  return { total, ...counts, seconds: (performance.now() - started) / 1000 };
}

async function writeFxRows(path: string, rows: readonly object[]): Promise<void> {
  const stream = createWriteStream(path);
  stream.end(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  await once(stream, 'finish');
}

/** `salesflow generate`: sales events as NDJSON, backfilled over a date range or live at a rate. */
export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'generate sales events as NDJSON (one message per line), backfilled over dates or live at a rate',
    )
    .option(
      '--events <n>',
      `number of messages, valid, duplicate and invalid together (default ${DEFAULT_EVENTS}; live: rate × duration)`,
    )
    .option('--seed <n>', 'seed: the same seed and flags give byte-identical output', '1')
    .option(
      '--from <date>',
      'backfill start, YYYY-MM-DD (UTC) or RFC 3339 (default: 30 days before --to)',
    )
    .option('--to <date>', 'backfill end, exclusive (default: today 00:00 UTC)')
    .option('--rate <n>', 'live mode: messages per second, stamped with the current time')
    .option('--duration <t>', 'live mode: how long to run, e.g. 30s, 5m, 1h')
    .option('--duplicates <rate>', 'share of messages re-sent with identical bytes', '0')
    .option('--late <rate>', 'share of valid events arriving hours or days late', '0')
    .option('--invalid <rate>', 'share of messages that break the contract (labelled kinds)', '0')
    .option('--out-of-order <rate>', 'share of valid events held back a few positions', '0')
    .option(
      '--conflicts <rate>',
      'share of valid events that compete with an order already placed (its id, a new event id, other content)',
      '0',
    )
    .option('--refunds <rate>', 'share of valid events refunding an earlier order (default 0.035)')
    .option('--out <file>', 'output file, - for stdout', '-')
    .option(
      '--fx-out <file>',
      'also write the FX rates (bronze.fx_rates rows) of the covered dates, plus a week before, as NDJSON',
    )
    .option('--customers <n>', 'size of the customer pool (default 20000)')
    .option(
      '--world-seed <n>',
      'seed of the catalog, stores and customers (default: fixed, shared by all runs)',
    )
    .action(async (raw: Record<string, unknown>) => {
      const plan = planGenerate(raw, Date.now());
      const { NdjsonSink } = await import('@salesflow/generator');
      const sink =
        plan.out === '-' ? new NdjsonSink(process.stdout, false) : NdjsonSink.toFile(plan.out);
      const progress = new ProgressBar({
        label: 'generate',
        total: plan.events,
        stream: process.stderr,
        enabled: ProgressBar.shouldShow(process.stderr, plan.out),
      });
      const summary = await runGenerate(plan, sink, progress);
      process.stderr.write(
        `generated ${summary.total} messages (${summary.valid} valid, ${summary.duplicate} duplicate, ` +
          `${summary.conflict} conflicting, ${summary.invalid} invalid) in ${summary.seconds.toFixed(2)} s` +
          `${plan.out === '-' ? '' : ` → ${plan.out}`}${plan.fxOut === undefined ? '' : `, FX rates → ${plan.fxOut}`}\n`,
      );
    });
}

import { readFileSync } from 'node:fs';
import type { FxRateRow } from '@salesflow/contract';
import {
  createGenerator,
  messageAttributes,
  splitLines,
  type ChaosRates,
  type GeneratedMessage,
} from '@salesflow/generator';
import type { TrackedMessage } from '@salesflow/local';

const DAY_MS = 86_400_000;

/** The messages of a run and the FX rates that let the pipeline convert them. */
export interface RunInput {
  readonly messages: readonly TrackedMessage[];
  readonly fxRates: readonly FxRateRow[];
  /** UTC day range [from, to) the events cover, epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Where the messages came from, for the summary. */
  readonly description: string;
}

const toOutgoing = (message: GeneratedMessage): TrackedMessage => ({
  data: message.data,
  attributes: messageAttributes(message.data, 'generator', {
    eventType: message.eventType,
    eventTime: message.eventTime,
  }),
});

/** A seeded backfill over the `days` UTC days before `today`, with chaos, and its FX rates. */
export function generatedInput(options: {
  seed: number;
  events: number;
  days: number;
  chaos: ChaosRates;
  today: number;
}): RunInput {
  const to = Math.floor(options.today / DAY_MS) * DAY_MS;
  const from = to - options.days * DAY_MS;
  const generator = createGenerator({
    seed: options.seed,
    events: options.events,
    mode: 'backfill',
    from,
    to,
    chaos: options.chaos,
  });
  const messages = Array.from(generator, toOutgoing);
  // Rates up to today, so the live stream that follows the backfill converts too.
  const fxRates = generator.fxRatesFor(from - 7 * DAY_MS, to);
  return {
    messages,
    fxRates,
    from,
    to,
    description: `generated backfill of ${options.days} days (seed ${options.seed})`,
  };
}

/** The earliest and latest UTC day among the parseable `event_time`s of raw messages. */
function eventDayRange(lines: readonly Buffer[]): { from: number; to: number } | undefined {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    const match = /"event_time"\s*:\s*"([^"]{10,40})"/.exec(line.toString('latin1'));
    const time = match ? Date.parse(match[1]!) : Number.NaN;
    if (Number.isFinite(time)) {
      first = Math.min(first, time);
      last = Math.max(last, time);
    }
  }
  if (!Number.isFinite(first)) return undefined;
  return {
    from: Math.floor(first / DAY_MS) * DAY_MS,
    to: (Math.floor(last / DAY_MS) + 1) * DAY_MS,
  };
}

/**
 * The lines of a captured stream as raw messages. FX rates come from `fxFile` (NDJSON `fx_rates`
 * rows) or else from the generator's FX model over the events' date range.
 */
export function replayInput(options: {
  file: string;
  fxFile: string | undefined;
  seed: number;
  today: number;
}): RunInput {
  const lines = splitLines(readFileSync(options.file));
  const messages = lines.map((data) => ({ data, attributes: messageAttributes(data, 'replay') }));
  const today = Math.floor(options.today / DAY_MS) * DAY_MS;
  const range = eventDayRange(lines) ?? { from: today - DAY_MS, to: today };
  let fxRates: FxRateRow[];
  if (options.fxFile) {
    fxRates = splitLines(readFileSync(options.fxFile))
      .filter((line) => line.length > 0)
      .map((line, index) => {
        try {
          return JSON.parse(line.toString('utf8')) as FxRateRow;
        } catch {
          throw new Error(`--fx ${options.fxFile}: line ${index + 1} is not JSON`);
        }
      });
  } else {
    const generator = createGenerator({
      seed: options.seed,
      events: 0,
      mode: 'backfill',
      from: range.from,
      to: range.to,
    });
    fxRates = generator.fxRatesFor(range.from - 7 * DAY_MS, Math.max(range.to, today));
  }
  return {
    messages,
    fxRates,
    from: range.from,
    to: range.to,
    description: `${lines.length} lines of ${options.file}`,
  };
}

/** Splits messages into `periods` consecutive slices of (nearly) equal size, in publish order. */
export function slicePeriods<T>(messages: readonly T[], periods: number): T[][] {
  const count = Math.max(1, Math.min(periods, messages.length || 1));
  return Array.from({ length: count }, (_, index) =>
    messages.slice(
      Math.floor((index * messages.length) / count),
      Math.floor(((index + 1) * messages.length) / count),
    ),
  );
}

/** A live generator: each call returns the next `count` messages stamped with the current time. */
export function liveSource(options: {
  seed: number;
  chaos: ChaosRates;
  /** The stream runs until it is stopped (see the generator's `prepareCustomers`). */
  untilStopped: boolean;
}): (count: number) => TrackedMessage[] {
  const generator = createGenerator({
    seed: options.seed + 1,
    events: Number.MAX_SAFE_INTEGER,
    mode: 'live',
    chaos: options.chaos,
    prepareCustomers: options.untilStopped,
  });
  const iterator = generator[Symbol.iterator]();
  return (count) => {
    const batch: TrackedMessage[] = [];
    for (let index = 0; index < count; index += 1) {
      const next = iterator.next();
      if (next.done) break;
      batch.push(toOutgoing(next.value));
    }
    return batch;
  };
}

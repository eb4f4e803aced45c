import { setTimeout as sleep } from 'node:timers/promises';
import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import { PubSubSink, type OutboundMessage } from '@salesflow/generator';
import type { LandingIndex, LandingRead } from '../bronze/landing-reader.js';
import type { BridgeStats, PushBridge } from '../bridge/push-bridge.js';
import type { DeadLetterCollector } from '../pubsub/dead-letters.js';
import { IngestLedger, type Accounting, type TrackedMessage } from './ledger.js';

/** The long-lived parts of a running local stack that an ingest run publishes to and reads from. */
export interface IngestTarget {
  /** A client of the emulator, where the salesflow topology exists. */
  readonly pubsub: PubSub;
  /** The running push bridge from the ingest subscription to the function. */
  readonly bridge: PushBridge;
  readonly deadLetters: DeadLetterCollector;
  readonly landing: LandingIndex;
}

/** The messages of a run: a list, or a stream that ends (a live source paces itself). */
export type MessageSource = Iterable<TrackedMessage> | AsyncIterable<TrackedMessage>;

/** One look at where the messages are: what it read and what it cost. */
export interface PollFigures extends LandingRead {
  /** Milliseconds it took: reading what landed and was dead-lettered since the last look, and counting it. */
  ms: number;
  /** Messages the run still holds: not landed yet, or rejected or dead-lettered a short while ago. */
  underWay: number;
}

/** What {@link ingest} reports while it runs. */
export interface IngestProgress {
  phase: 'publishing' | 'settling';
  /** Messages Pub/Sub has accepted so far, every round counted. */
  published: number;
  /** Where the messages are, as of the last look. */
  accounting?: Accounting;
  /** The last look. */
  poll?: PollFigures;
  /** Publishing rounds after the first. */
  replays: number;
  /** The bridge's counters since it started. */
  bridge: BridgeStats;
}

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** Give up waiting this long after the source is exhausted (default 120 s). */
  settleTimeoutMs?: number | undefined;
  /**
   * How often what landed and was dead-lettered is looked at, while publishing too (default 250 ms).
   * Each look reads only what is new.
   */
  pollIntervalMs?: number | undefined;
  /**
   * Publish the unaccounted messages again once nothing new has been accounted for for `stallMs`,
   * at most `maxReplays` times. For when Pub/Sub itself loses messages (a restarted emulator,
   * publishes refused during an outage). Keep `stallMs` above the longest retry backoff, or
   * messages still being retried get needless copies.
   */
  replay?: { stallMs: number; maxReplays: number } | undefined;
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  log?: Logger | undefined;
}

/** One publishing round: how many messages it sent and how many publishes Pub/Sub refused. */
export interface PublishRound {
  attempted: number;
  published: number;
  failed: number;
}

/** Outcome of {@link ingest}. */
export interface IngestResult {
  accounting: Accounting;
  /** The bridge's counters since it started. */
  bridge: BridgeStats;
  /** The first publish, then each replay. */
  rounds: PublishRound[];
  /**
   * For a source given as an array: the id each message was first published under, in source order
   * (undefined if refused). Not kept for a stream, which may go on for days.
   */
  publishedIds: (string | undefined)[] | undefined;
  /** Milliseconds from the first publish until every message was accounted for (or the timeout). */
  elapsedMs: number;
}

/**
 * Batches of up to 500 messages sent within 5 ms, at most 2,000 messages in flight: a live
 * stream's messages wait little for their batch, and a backlog reaches the emulator in steady
 * steps instead of all at once.
 */
const PUBLISHING = {
  batching: { maxMessages: 500, maxMilliseconds: 5, maxBytes: 4 * 1024 * 1024 },
  flowControl: { maxOutstandingMessages: 2_000 },
} as const;

interface IndexedMessage extends OutboundMessage {
  readonly index: number;
}

/**
 * The one ingest loop of the local world: publishes every message of `source` verbatim to the
 * `sales-events` topic and waits until each is accounted for — in `sales_events`, in
 * `sales_events_rejected`, or dead-lettered — or the settle timeout passes. The stack's bridge
 * pushes them to the function meanwhile; it stays up for the next run.
 *
 * At-least-once end to end: with `replay`, messages still missing when the accounting stalls are
 * published again, so one that was merely slow may land twice, which Bronze allows and Silver
 * removes.
 */
export async function ingest(
  target: IngestTarget,
  source: MessageSource,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const ledger = new IngestLedger({
    keepMessages: options.replay !== undefined,
    keepFirstIds: Array.isArray(source),
  });
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const rounds: PublishRound[] = [];
  let published = 0;
  const report = (
    phase: IngestProgress['phase'],
    accounting: Accounting,
    poll: PollFigures,
  ): void =>
    options.onProgress?.({
      phase,
      published,
      accounting,
      poll,
      replays: Math.max(0, rounds.length - 1),
      bridge: target.bridge.stats,
    });
  const publishRound = async (
    messages: Iterable<IndexedMessage> | AsyncIterable<IndexedMessage>,
  ): Promise<PublishRound> => {
    const sink = new PubSubSink({
      client: target.pubsub,
      topic: TOPOLOGY.topic,
      ...PUBLISHING,
      onPublished: (message, messageId) => {
        ledger.published((message as IndexedMessage).index, messageId);
        published += 1;
      },
    });
    let attempted = 0;
    for await (const outgoing of messages) {
      attempted += 1;
      const wait = sink.write(outgoing);
      if (wait) await wait;
    }
    const outcome = await sink.close();
    if (outcome.failed > 0) {
      options.log?.log('WARNING', 'Pub/Sub refused messages; they stay unaccounted', {
        failed: outcome.failed,
        errors: outcome.errors.slice(0, 3),
      });
    }
    return { attempted, published: outcome.published, failed: outcome.failed };
  };

  // Keys found from here on are handed to this run; what landed before cannot be its messages.
  const landed = target.landing.open();
  const deadLettered = target.deadLetters.open();
  /** Reads what is new and counts the messages where they are now. */
  const poll = async (): Promise<{ accounting: Accounting; figures: PollFigures }> => {
    const started = performance.now();
    const read = await target.landing.refresh();
    const found = landed.take();
    const accounting = ledger.record({
      landed: found.landed,
      rejected: found.rejected,
      deadLettered: deadLettered.take(),
    });
    const ms = performance.now() - started;
    return { accounting, figures: { ...read, ms, underWay: ledger.underWay } };
  };

  const started = Date.now();
  let accounting: Accounting;
  try {
    // Messages are counted while the source is still being published: a stream that goes on for
    // days settles as it goes instead of holding every message until it ends.
    let publishing = true;
    const firstRound = publishRound(tracked(source, ledger)).finally(() => {
      publishing = false;
    });
    const roundOver = firstRound.then(
      () => undefined,
      () => undefined,
    );
    for (;;) {
      await Promise.race([sleep(pollIntervalMs), roundOver]);
      if (!publishing) break;
      const { accounting: now, figures } = await poll();
      report('publishing', now, figures);
    }
    rounds.push(await firstRound);

    const deadline = Date.now() + (options.settleTimeoutMs ?? 120_000);
    let accountedSoFar = -1;
    let lastGainAt = Date.now();
    for (;;) {
      const { accounting: now, figures } = await poll();
      accounting = now;
      report('settling', accounting, figures);
      if (accounting.unaccounted === 0 || Date.now() > deadline) break;
      const accounted = accounting.published - accounting.unaccounted;
      if (accounted > accountedSoFar) {
        accountedSoFar = accounted;
        lastGainAt = Date.now();
      } else if (
        options.replay &&
        Date.now() - lastGainAt >= options.replay.stallMs &&
        rounds.length <= options.replay.maxReplays
      ) {
        const missing = ledger.unaccounted();
        options.log?.log('WARNING', 'publishing unaccounted messages again', {
          messages: missing.length,
          replay: rounds.length,
        });
        rounds.push(
          await publishRound(missing.map((index) => indexed(ledger.message(index)!, index))),
        );
        lastGainAt = Date.now();
      }
      await sleep(pollIntervalMs);
    }
  } finally {
    landed.close();
    deadLettered.close();
  }
  return {
    accounting,
    bridge: { ...target.bridge.stats },
    rounds,
    publishedIds: ledger.firstIds(),
    elapsedMs: Date.now() - started,
  };
}

/** The message as the publisher sends it, with its index in the ledger. */
function indexed(message: TrackedMessage, index: number): IndexedMessage {
  const { data, attributes } = message;
  return attributes ? { data, attributes, index } : { data, index };
}

/** Tracks each message of the source in the ledger as it comes. */
async function* tracked(
  source: MessageSource,
  ledger: IngestLedger,
): AsyncIterable<IndexedMessage> {
  for await (const message of source) yield indexed(message, ledger.track(message));
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import { LandedKeysIndex } from '../bronze/landed-keys.js';
import { DeadLetterCollector } from '../pubsub/dead-letters.js';
import { createIngestBridge } from '../bridge/ingest-bridge.js';
import { publishingTopic } from './publish.js';
import type { BridgeStats } from '../bridge/push-bridge.js';
import { ReplayLedger, type LedgerAccounting, type TrackedMessage } from './replay-ledger.js';

/** Options of {@link runReplayingIngest}. */
export interface ReplayingIngestOptions {
  /** A client of the local emulator, where the salesflow topology exists (or will again). */
  pubsub: PubSub;
  projectId: string;
  /** URL of the ingestSales function (already serving). */
  functionUrl: string;
  /** The warehouse whose Bronze landing files are read. */
  warehousePath: string;
  landingDir?: string | undefined;
  messages: readonly TrackedMessage[];
  maxInFlight?: number;
  retryBackoff?: { minimumMs: number; maximumMs: number };
  /**
   * Publish the unaccounted messages again once nothing new has been accounted for this long. Keep
   * it above the longest retry backoff, or messages still being retried get needless copies.
   */
  stallMs: number;
  /** Publishing rounds after the first, at most. */
  maxReplays: number;
  /** Give up this long after the first publish. */
  timeoutMs: number;
  pollIntervalMs?: number;
  onProgress?: (progress: {
    accounting: LedgerAccounting;
    replays: number;
    bridge: BridgeStats;
  }) => void;
  log?: Logger;
}

/** One publishing round: how many messages it sent and how many publishes failed. */
export interface PublishRound {
  attempted: number;
  published: number;
  failed: number;
}

/** Outcome of {@link runReplayingIngest}. */
export interface ReplayingIngestResult {
  accounting: LedgerAccounting;
  bridge: BridgeStats;
  /** The first publish, then each replay. */
  rounds: PublishRound[];
  elapsedMs: number;
}

const PUBLISH_CHUNK = 2_000;

/**
 * Publishes every message and keeps it until Bronze or the dead letters account for it: when the
 * accounting stalls with messages still missing — lost with an emulator restart, or refused while
 * Pub/Sub was unreachable — it publishes those again. At-least-once end to end: a message that was
 * merely slow may arrive twice, which Bronze allows and Silver removes.
 */
export async function runReplayingIngest(
  options: ReplayingIngestOptions,
): Promise<ReplayingIngestResult> {
  const ledger = new ReplayLedger(options.messages);
  const bridge = createIngestBridge(options);
  const deadLetters = new DeadLetterCollector(options.pubsub, TOPOLOGY.deadLetterSubscription);
  const landing = new LandedKeysIndex(options.warehousePath, options.landingDir);
  const topic = publishingTopic(options.pubsub, TOPOLOGY.topic);
  bridge.start();
  const started = Date.now();
  try {
    const rounds = [await publishRound(topic, ledger.messages)];
    let accountedSoFar = -1;
    let lastProgressAt = Date.now();
    let accounting: LedgerAccounting;
    for (;;) {
      const landed = await landing.refresh();
      const found = {
        landedEventIds: landed.eventIds,
        rejectedDigests: landed.rejectedDigests,
        deadLetteredDigests: deadLetters.digests,
      };
      accounting = ledger.account(found);
      options.onProgress?.({ accounting, replays: rounds.length - 1, bridge: bridge.stats });
      if (accounting.unaccounted === 0 || Date.now() - started > options.timeoutMs) break;
      const accounted = accounting.messages - accounting.unaccounted;
      if (accounted > accountedSoFar) {
        accountedSoFar = accounted;
        lastProgressAt = Date.now();
      } else if (
        Date.now() - lastProgressAt >= options.stallMs &&
        rounds.length <= options.maxReplays
      ) {
        const missing = ledger.unaccounted(found);
        options.log?.log('WARNING', 'publishing unaccounted messages again', {
          messages: missing.length,
          replay: rounds.length,
        });
        rounds.push(await publishRound(topic, missing));
        lastProgressAt = Date.now();
      }
      await sleep(options.pollIntervalMs ?? 250);
    }
    return { accounting, bridge: { ...bridge.stats }, rounds, elapsedMs: Date.now() - started };
  } finally {
    await bridge.stop();
    await deadLetters.stop();
    landing.close();
  }
}

/**
 * Publishes each message once, bodies verbatim. A failed publish is only counted: the message stays
 * unaccounted and goes out again with the next round. While Pub/Sub is unreachable the client
 * retries on its own, so a round can take as long as the outage.
 */
async function publishRound(
  topic: Topic,
  messages: readonly TrackedMessage[],
): Promise<PublishRound> {
  const round: PublishRound = { attempted: messages.length, published: 0, failed: 0 };
  for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
    const outcomes = await Promise.allSettled(
      messages
        .slice(start, start + PUBLISH_CHUNK)
        .map(({ data, attributes }) =>
          topic.publishMessage(attributes ? { data, attributes } : { data }),
        ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') round.published += 1;
      else round.failed += 1;
    }
  }
  return round;
}

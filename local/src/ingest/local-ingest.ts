import { setTimeout as sleep } from 'node:timers/promises';
import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import { LandingIndex } from '../bronze/landing-reader.js';
import { account, type Accounting } from './accounting.js';
import { DeadLetterCollector } from '../pubsub/dead-letters.js';
import { publishAll, type OutgoingMessage } from './publish.js';
import { createIngestBridge } from '../bridge/ingest-bridge.js';
import type { BridgeStats } from '../bridge/push-bridge.js';

/** Options of {@link runLocalIngest}. */
export interface LocalIngestOptions {
  /** A client connected to the local emulator, where the salesflow topology exists. */
  pubsub: PubSub;
  projectId: string;
  /** URL of the ingestSales function (already serving). */
  functionUrl: string;
  /** The warehouse whose Bronze landing files are counted. */
  warehousePath: string;
  landingDir?: string | undefined;
  messages: Iterable<OutgoingMessage>;
  maxInFlight?: number;
  retryBackoff?: { minimumMs: number; maximumMs: number };
  /** Give up waiting this long after the last message was published. */
  settleTimeoutMs?: number;
  pollIntervalMs?: number;
  onProgress?: (progress: {
    phase: 'publishing' | 'waiting';
    accounting?: Accounting;
    published?: number;
    bridge: BridgeStats;
  }) => void;
  log?: Logger;
}

/** Outcome of a local ingest run. */
export interface LocalIngestResult {
  accounting: Accounting;
  bridge: BridgeStats;
  publishedIds: string[];
  /** Milliseconds from the first publish until every message was accounted for (or the timeout). */
  elapsedMs: number;
}

/**
 * Publishes messages to the local `sales-events` topic and pushes them through the {@link createIngestBridge | push bridge}
 * to the function, until every message is in Bronze, rejected, or dead-lettered — or the timeout.
 */
export async function runLocalIngest(options: LocalIngestOptions): Promise<LocalIngestResult> {
  const bridge = createIngestBridge(options);
  const deadLetters = new DeadLetterCollector(options.pubsub, TOPOLOGY.deadLetterSubscription);
  const landing = new LandingIndex(options.warehousePath, options.landingDir);
  bridge.start();
  const started = Date.now();
  try {
    const publishedIds = await publishAll(
      options.pubsub,
      TOPOLOGY.topic,
      options.messages,
      (published) => options.onProgress?.({ phase: 'publishing', published, bridge: bridge.stats }),
    );
    const deadline = Date.now() + (options.settleTimeoutMs ?? 120_000);
    let accounting: Accounting;
    for (;;) {
      const landed = await landing.refresh();
      accounting = account(
        publishedIds,
        landed.eventMessageIds,
        landed.rejectedMessageIds,
        deadLetters.messageIds,
      );
      options.onProgress?.({ phase: 'waiting', accounting, bridge: bridge.stats });
      if (accounting.unaccounted === 0 || Date.now() > deadline) break;
      await sleep(options.pollIntervalMs ?? 250);
    }
    return {
      accounting,
      bridge: { ...bridge.stats },
      publishedIds,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await bridge.stop();
    await deadLetters.stop();
    landing.close();
  }
}

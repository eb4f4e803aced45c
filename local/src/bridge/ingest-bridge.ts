import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import { PushBridge } from './push-bridge.js';
import { pushEndpoint, type PushOrigin } from './push-request.js';

/** Pushes in flight when the caller does not say: throughput ≈ in flight / push latency. */
export const DEFAULT_MAX_IN_FLIGHT = 256;
/** Backoff before a failed push is nacked, when the caller does not say. */
export const DEFAULT_RETRY_BACKOFF = { minimumMs: 1_000, maximumMs: 10_000 } as const;

/** Options of {@link createIngestBridge}. */
export interface IngestBridgeOptions {
  /** A client connected to the local emulator, where the salesflow topology exists. */
  pubsub: PubSub;
  projectId: string;
  /** URL of the ingestSales function (already serving). */
  functionUrl: string;
  maxInFlight?: number | undefined;
  retryBackoff?: { minimumMs: number; maximumMs: number } | undefined;
  log?: Logger | undefined;
}

/** The push bridge from the local ingest subscription to ingestSales, as Pub/Sub push delivers it. */
export function createIngestBridge(options: IngestBridgeOptions): PushBridge {
  const origin: PushOrigin = {
    projectId: options.projectId,
    topic: TOPOLOGY.topic,
    subscription: TOPOLOGY.ingestSubscription,
  };
  return new PushBridge({
    pubsub: options.pubsub,
    origin,
    endpoint: pushEndpoint(options.functionUrl, origin),
    maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    retryBackoff: options.retryBackoff ?? DEFAULT_RETRY_BACKOFF,
    requestTimeoutMs: 30_000,
    ...(options.log ? { log: options.log } : {}),
  });
}

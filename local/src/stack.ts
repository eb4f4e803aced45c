import { resolve } from 'node:path';
import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import { LandingIndex } from './bronze/landing-reader.js';
import { createIngestBridge } from './bridge/ingest-bridge.js';
import type { PushBridge } from './bridge/push-bridge.js';
import { startLocalIngestFunction, type FunctionProcess } from './function/function-process.js';
import {
  ingest,
  type IngestOptions,
  type IngestResult,
  type MessageSource,
} from './ingest/ingest.js';
import { DeadLetterCollector } from './pubsub/dead-letters.js';
import { startEmulator, type RunningEmulator } from './pubsub/emulator.js';
import { emulatorClient, ensureTopology } from './pubsub/topology.js';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** The DuckDB warehouse whose Bronze the function lands, in landing files beside it. */
  warehousePath: string;
  /** Emulator port on 127.0.0.1; a free one when omitted. */
  emulatorPort?: number | undefined;
  /** Project of the emulator's resources (the local one by default). */
  projectId?: string | undefined;
  /**
   * Push to a function that is already serving at this URL instead of starting ingestSales in its
   * own process (tests that host the handler themselves, or restart it).
   */
  functionUrl?: string | undefined;
  /** `LOG_LEVEL` of the function process (default `warning`). */
  functionLogLevel?: 'debug' | 'info' | 'warning' | 'error' | undefined;
  /** Receives each line the function process prints. */
  onFunctionLine?: ((line: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /** Push bridge flow control: messages pushed at once. */
  maxInFlight?: number | undefined;
  /** Push bridge backoff before a failed push is nacked, doubling per delivery attempt. */
  retryBackoff?: { minimumMs: number; maximumMs: number } | undefined;
  log?: Logger | undefined;
}

/** A running local world: Pub/Sub emulator, ingestSales, the push bridge between them, Bronze readers. */
export interface LocalStack {
  readonly emulator: RunningEmulator;
  /** A client of the emulator (its topology exists). */
  readonly pubsub: PubSub;
  readonly projectId: string;
  /** The ingestSales process; undefined when the stack pushes to a given `functionUrl`. */
  readonly function: FunctionProcess | undefined;
  readonly functionUrl: string;
  /** Pulls `sales-events-ingest` and pushes each message to the function, as Pub/Sub push does. */
  readonly bridge: PushBridge;
  /** Collects what lands on the dead-letter subscription. */
  readonly deadLetters: DeadLetterCollector;
  /** Reads what lands in Bronze, each landing file once. */
  readonly landing: LandingIndex;
  /** Publishes the messages and waits until each is accounted for (see {@link ingest}). */
  ingest(source: MessageSource, options?: IngestOptions): Promise<IngestResult>;
  /** Stops everything it started, the bridge first (pushes under way finish); idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the local world the way every local caller needs it — `salesflow run` and `ingest`, the
 * benchmarks and the tests: Google's pstest Pub/Sub emulator with the production topology, the
 * ingestSales function in its own process landing Bronze in the DuckDB warehouse, and the push
 * bridge between them, running. On failure, whatever had started is stopped again.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const warehousePath = resolve(options.warehousePath);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const emulator = await startEmulator({
      ...(options.emulatorPort === undefined ? {} : { port: options.emulatorPort }),
      ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
    });
    stops.push(() => emulator.stop());
    const pubsub = emulatorClient(emulator.host, emulator.projectId);
    stops.push(() => pubsub.close());
    await ensureTopology(pubsub);

    let fn: FunctionProcess | undefined;
    if (options.functionUrl === undefined) {
      const started = await startLocalIngestFunction({
        warehousePath,
        logLevel: options.functionLogLevel ?? 'warning',
        ...(options.onFunctionLine ? { onLine: options.onFunctionLine } : {}),
      });
      fn = started;
      stops.push(() => started.stop());
    }
    const functionUrl = options.functionUrl ?? fn!.url;

    const landing = new LandingIndex(warehousePath);
    stops.push(async () => landing.close());
    const deadLetters = new DeadLetterCollector(pubsub, TOPOLOGY.deadLetterSubscription);
    stops.push(() => deadLetters.stop());
    const bridge = createIngestBridge({
      pubsub,
      projectId: emulator.projectId,
      functionUrl,
      maxInFlight: options.maxInFlight,
      retryBackoff: options.retryBackoff,
      log: options.log,
    });
    bridge.start();
    stops.push(() => bridge.stop());

    const target = { pubsub, bridge, deadLetters, landing };
    return {
      emulator,
      pubsub,
      projectId: emulator.projectId,
      function: fn,
      functionUrl,
      bridge,
      deadLetters,
      landing,
      ingest: (source, ingestOptions) =>
        ingest(target, source, { log: options.log, ...ingestOptions }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

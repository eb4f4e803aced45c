import { createRequire } from 'node:module';
import type * as PubSubLibrary from '@google-cloud/pubsub';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { ErrorTally, type MessageSink, type OutboundMessage, type SinkReport } from './sink.js';

/** Batching as the Pub/Sub client understands it. */
export interface BatchingSettings {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly maxMilliseconds: number;
}

/** Publisher flow control: at most this much in flight at once. */
export interface FlowControlSettings {
  readonly maxOutstandingMessages: number;
  readonly maxOutstandingBytes: number;
}

/** Options of {@link PubSubSink}. */
export interface PubSubSinkOptions {
  readonly client: PubSub;
  readonly topic: string;
  readonly batching?: Partial<BatchingSettings>;
  readonly flowControl?: Partial<FlowControlSettings>;
  /** Attempts per message, including the first (the client retries transient gRPC errors inside each). */
  readonly maxAttempts?: number;
  /** First back-off between our own attempts; doubles each time. */
  readonly retryDelayMs?: number;
  /** Called with each message once Pub/Sub has accepted it, and the id Pub/Sub gave it. */
  readonly onPublished?: (message: OutboundMessage, messageId: string) => void;
}

export const DEFAULT_BATCHING: BatchingSettings = {
  maxMessages: 1000,
  maxBytes: 4 * 1024 * 1024,
  maxMilliseconds: 20,
};
export const DEFAULT_FLOW_CONTROL: FlowControlSettings = {
  maxOutstandingMessages: 20_000,
  maxOutstandingBytes: 64 * 1024 * 1024,
};

/** Where a Pub/Sub client connects: the emulator when `emulatorHost` is set, Google otherwise. */
export interface PubSubConnection {
  readonly projectId: string;
  /** `host:port` of a Pub/Sub emulator (plain gRPC, no credentials). */
  readonly emulatorHost?: string;
}

const require = createRequire(import.meta.url);

/** A Pub/Sub client for a connection. */
export function createPubSubClient(connection: PubSubConnection): PubSub {
  // Loaded on first use rather than imported: the client library is large, and commands that only
  // generate events (`salesflow generate`) would otherwise load it at every start.
  const { PubSub } = require('@google-cloud/pubsub') as typeof PubSubLibrary;
  if (connection.emulatorHost === undefined) return new PubSub({ projectId: connection.projectId });
  return new PubSub({
    projectId: connection.projectId,
    apiEndpoint: connection.emulatorHost,
    emulatorMode: true,
    // Naming the (default) universe stops the auth library probing for a GCE metadata server.
    universeDomain: 'googleapis.com',
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes messages to a Pub/Sub topic with client-side batching, flow control (writes wait while
 * too much is in flight) and retries. Every message is counted as published or failed; none is
 * silently dropped.
 */
export class PubSubSink implements MessageSink {
  readonly #topic: Topic;
  readonly #flow: FlowControlSettings;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;
  readonly #onPublished: PubSubSinkOptions['onPublished'];
  readonly #errors = new ErrorTally();
  #outstandingMessages = 0;
  #outstandingBytes = 0;
  #published = 0;
  #failed = 0;
  #bytes = 0;
  #waiters: Array<() => void> = [];
  #idle: Array<() => void> = [];

  constructor(options: PubSubSinkOptions) {
    this.#flow = { ...DEFAULT_FLOW_CONTROL, ...options.flowControl };
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
    this.#onPublished = options.onPublished;
    this.#topic = options.client.topic(options.topic, {
      batching: { ...DEFAULT_BATCHING, ...options.batching },
      flowControlOptions: { ...this.#flow },
    });
  }

  write(message: OutboundMessage): Promise<void> | undefined {
    if (this.#hasRoom(message)) {
      this.#start(message);
      return undefined;
    }
    return this.#waitForRoom(message).then(() => this.#start(message));
  }

  async close(): Promise<SinkReport> {
    await this.#topic.flush();
    if (this.#outstandingMessages > 0)
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    return {
      published: this.#published,
      failed: this.#failed,
      bytes: this.#bytes,
      errors: this.#errors.entries(),
    };
  }

  #hasRoom(message: OutboundMessage): boolean {
    // An oversized single message is still let through when nothing else is in flight.
    return (
      this.#outstandingMessages === 0 ||
      (this.#outstandingMessages < this.#flow.maxOutstandingMessages &&
        this.#outstandingBytes + message.data.length <= this.#flow.maxOutstandingBytes)
    );
  }

  async #waitForRoom(message: OutboundMessage): Promise<void> {
    while (!this.#hasRoom(message))
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #start(message: OutboundMessage): void {
    this.#outstandingMessages += 1;
    this.#outstandingBytes += message.data.length;
    void this.#publish(message).finally(() => {
      this.#outstandingMessages -= 1;
      this.#outstandingBytes -= message.data.length;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
      if (this.#outstandingMessages === 0) {
        const idle = this.#idle;
        this.#idle = [];
        for (const wake of idle) wake();
      }
    });
  }

  async #publish(message: OutboundMessage): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const messageId = await this.#topic.publishMessage({
          data: message.data,
          attributes: { ...message.attributes },
        });
        this.#published += 1;
        this.#onPublished?.(message, messageId);
        this.#bytes += message.data.length;
        return;
      } catch (error) {
        if (attempt >= this.#maxAttempts) {
          this.#failed += 1;
          this.#errors.add(error);
          return;
        }
        await sleep(this.#retryDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}

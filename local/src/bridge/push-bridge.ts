import { setTimeout as sleep } from 'node:timers/promises';
import { v1, type PubSub } from '@google-cloud/pubsub';
import type { Logger } from '@salesflow/functions/logging/logger';
import { HttpPoster } from './http-post.js';
import { PullBuffer, type Delivery } from './pull-buffer.js';
import { toPushRequest, type PushOrigin } from './push-request.js';

/** Options of {@link PushBridge}. */
export interface PushBridgeOptions {
  pubsub: PubSub;
  origin: PushOrigin;
  /** The push endpoint, e.g. `http://127.0.0.1:8080/projects/p/topics/sales-events` (see {@link pushEndpoint}). */
  endpoint: string;
  /**
   * Messages being pushed (or waiting out a backoff) at once: the flow-control limit. As many
   * again are pulled ahead, to be pushed oldest first.
   */
  maxInFlight: number;
  /**
   * Backoff before a failed push is nacked, doubling with each delivery attempt. Pub/Sub applies
   * the subscription's retry policy itself; the local emulator stores it but redelivers a nack at
   * once, so the bridge holds a failed message this long first. Keep `maximumMs` plus the request
   * timeout below the subscription's ack deadline: the bridge extends the leases of the messages
   * it pulled ahead, not of those being pushed.
   */
  retryBackoff: { minimumMs: number; maximumMs: number };
  requestTimeoutMs: number;
  log?: Logger;
}

/** Counters of a running bridge. */
export interface BridgeStats {
  pushed: number;
  acked: number;
  nacked: number;
  inFlight: number;
}

type ReceivedMessageProto = {
  ackId?: string | null;
  deliveryAttempt?: number | null;
  message?: {
    data?: Uint8Array | string | null;
    messageId?: string | null;
    publishTime?: {
      seconds?: number | string | { toString(): string } | null;
      nanos?: number | null;
    } | null;
    attributes?: Record<string, string> | null;
    orderingKey?: string | null;
  } | null;
};

const MAX_PULL = 1_000;
/** How often a caught-up bridge asks for new messages: the delay it adds to a message, at most. */
const POLL_INTERVAL_MS = 10;
/** Acks wait this long to share one call: an ack costs an RPC, and its delay costs nothing. */
const ACK_FLUSH_MS = 25;
const BATCH_WAIT_MS = 5;
const CONCURRENT_PULLS = 3;
/** Pub/Sub's smallest ack deadline, assumed when the subscription's cannot be read. */
const MIN_ACK_DEADLINE_SECONDS = 10;

/**
 * Pub/Sub's push contract on top of a pull subscription: each message is POSTed to the function
 * as the wrapped JSON body a push subscription sends (see {@link toPushRequest}); a 2xx answer
 * acks it, anything else (or no answer) nacks it after a backoff, so Pub/Sub redelivers it and
 * dead-letters it after the maximum number of attempts.
 *
 * It pulls with unary `Pull` calls sized to the free flow-control slots plus as many again (the
 * emulator hands out up to a thousand messages per call, far more than it streams), pushes the
 * oldest pulled message whenever a slot frees (see {@link PullBuffer}), and acks in batches.
 */
export class PushBridge {
  readonly stats: BridgeStats = { pushed: 0, acked: 0, nacked: 0, inFlight: 0 };
  private readonly poster: HttpPoster;
  private readonly subscriptionPath: string;
  private client: InstanceType<typeof v1.SubscriberClient> | undefined;
  private loop: Promise<void> | undefined;
  private draining = false;
  private buffer: PullBuffer | undefined;
  /** Pulled and not yet acked or nacked: waiting in the buffer, being pushed, or backing off. */
  private held = 0;
  /** Being pushed or backing off: the flow-control slots in use. */
  private active = 0;
  private reserved = 0;
  private pulling = 0;
  /** When the last Pull came back with fewer messages than asked: the subscription was drained. */
  private drainedAt: number | undefined;
  private slotWaiters: (() => void)[] = [];
  /** Pushes under way (a push always ends: it never rejects), and who waits for there to be none. */
  private pushes = 0;
  private pushesOver: (() => void) | undefined;
  private readonly backoffTimers = new Map<NodeJS.Timeout, string>();
  private ackIds: string[] = [];
  private nackIds: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: PushBridgeOptions) {
    this.poster = new HttpPoster(options.endpoint, options.maxInFlight, options.requestTimeoutMs);
    this.subscriptionPath = `projects/${options.origin.projectId}/subscriptions/${options.origin.subscription}`;
  }

  /** Starts pulling and pushing. */
  start(): void {
    this.loop ??= this.pullLoop();
  }

  /**
   * Stops gracefully: no new pulls, pushes under way finish and are acked or nacked, messages
   * waiting out a backoff or pulled ahead are nacked now, and pending acks are flushed.
   */
  async stop(): Promise<void> {
    this.draining = true;
    this.wakePullers();
    await this.loop;
    for (const [timer, ackId] of this.backoffTimers) {
      clearTimeout(timer);
      this.active -= 1;
      this.settle(ackId, false);
    }
    this.backoffTimers.clear();
    for (const waiting of this.buffer?.takeAll() ?? []) this.settle(waiting.ackId, false);
    while (this.pushes > 0) await new Promise<void>((resolve) => (this.pushesOver = resolve));
    await this.flushAcks();
    await this.client?.close();
    this.poster.close();
  }

  private async pullLoop(): Promise<void> {
    this.client = new v1.SubscriberClient(
      (await this.options.pubsub.getClientConfig()) as ConstructorParameters<
        typeof v1.SubscriberClient
      >[0],
    );
    const ackDeadlineMs = (await this.ackDeadlineSeconds()) * 1_000;
    this.buffer = new PullBuffer(ackDeadlineMs, (ackIds) =>
      this.extendLeases(ackIds, ackDeadlineMs),
    );
    // Several Pulls in flight hide the round trip: a busy emulator can take a good fraction of a second.
    await Promise.all(Array.from({ length: CONCURRENT_PULLS }, () => this.puller()));
  }

  private async puller(): Promise<void> {
    const client = this.client;
    if (!client) return;
    while (!this.draining) {
      const free = 2 * this.options.maxInFlight - this.held - this.reserved;
      // Pull in sizeable batches: one Pull per freed slot would cost a round trip per message.
      if (free < Math.max(1, Math.floor(this.options.maxInFlight / (4 * CONCURRENT_PULLS)))) {
        await Promise.race([
          new Promise<void>((resolve) => this.slotWaiters.push(resolve)),
          sleep(BATCH_WAIT_MS),
        ]);
        continue;
      }
      // Caught up: one Pull polls for new messages, the others wait for a backlog to reappear.
      // Every Pull costs the emulator a scan of all unacknowledged messages.
      if (this.drainedAt !== undefined) {
        const wait =
          this.pulling > 0 ? POLL_INTERVAL_MS : this.drainedAt + POLL_INTERVAL_MS - Date.now();
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
      }
      const size = Math.min(free, MAX_PULL);
      this.reserved += size;
      this.pulling += 1;
      let received: ReceivedMessageProto[];
      try {
        const [response] = await client.pull(
          // returnImmediately keeps latency low on the emulator, which otherwise waits 500 ms when idle.
          { subscription: this.subscriptionPath, maxMessages: size, returnImmediately: true },
          { timeout: 30_000 },
        );
        received = (response.receivedMessages ?? []) as ReceivedMessageProto[];
      } catch (error) {
        if (this.draining) break;
        this.options.log?.log('ERROR', 'push bridge pull failed', {
          error: (error as Error).message,
        });
        await sleep(500);
        continue;
      } finally {
        this.reserved -= size;
        this.pulling -= 1;
      }
      this.drainedAt = received.length < size ? Date.now() : undefined;
      for (const proto of received) {
        const delivery = toDelivery(proto);
        this.held += 1;
        if (this.draining) this.settle(delivery.ackId, false);
        else this.buffer?.add(delivery);
      }
      this.pushWaiting();
    }
  }

  /** Reads the subscription's ack deadline, the lease a Pull grants. */
  private async ackDeadlineSeconds(): Promise<number> {
    try {
      const [metadata] = await this.options.pubsub
        .subscription(this.options.origin.subscription)
        .getMetadata();
      return Number(metadata.ackDeadlineSeconds) || MIN_ACK_DEADLINE_SECONDS;
    } catch {
      return MIN_ACK_DEADLINE_SECONDS;
    }
  }

  /** Pushes the oldest pulled messages while flow-control slots are free. */
  private pushWaiting(): void {
    while (!this.draining && this.active < this.options.maxInFlight) {
      const delivery = this.buffer?.takeOldest();
      if (!delivery) return;
      this.active += 1;
      this.pushes += 1;
      void this.push(delivery);
    }
  }

  /** A push is over (acked or nacked): its slot goes to the next waiting message. */
  private release(): void {
    this.active -= 1;
    this.pushWaiting();
  }

  private async push(received: Delivery): Promise<void> {
    this.stats.inFlight += 1;
    this.stats.pushed += 1;
    try {
      let ok = false;
      let why = '';
      try {
        const { headers, body } = toPushRequest(
          received.message,
          this.options.origin,
          received.deliveryAttempt,
        );
        const result = await this.poster.post(headers, body);
        ok = 'status' in result && result.status >= 200 && result.status < 300;
        if (!ok) why = 'status' in result ? `HTTP ${result.status}` : result.error.message;
      } finally {
        this.stats.inFlight -= 1;
      }
      if (ok) {
        this.release();
        this.settle(received.ackId, true);
      } else this.nackLater(received, why);
    } finally {
      this.pushes -= 1;
      if (this.pushes === 0) this.pushesOver?.();
    }
  }

  private nackLater(received: Delivery, why: string): void {
    const attempt = Math.max(1, received.deliveryAttempt);
    const { minimumMs, maximumMs } = this.options.retryBackoff;
    const delay = Math.min(maximumMs, minimumMs * 2 ** (attempt - 1));
    this.options.log?.log('WARNING', 'push failed; message will be redelivered', {
      message_id: received.message.id,
      delivery_attempt: attempt,
      backoff_ms: delay,
      error: why,
    });
    if (this.draining || delay <= 0) {
      this.release();
      this.settle(received.ackId, false);
      return;
    }
    const timer = setTimeout(() => {
      this.backoffTimers.delete(timer);
      this.release();
      this.settle(received.ackId, false);
    }, delay);
    this.backoffTimers.set(timer, received.ackId);
  }

  /** Queues an ack (or a nack: deadline 0); the message no longer counts against pulling. */
  private settle(ackId: string, ack: boolean): void {
    if (ack) {
      this.ackIds.push(ackId);
      this.stats.acked += 1;
    } else {
      this.nackIds.push(ackId);
      this.stats.nacked += 1;
    }
    this.held -= 1;
    this.wakePullers();
    this.flushTimer ??= setTimeout(() => void this.flushAcks(), ACK_FLUSH_MS);
  }

  private wakePullers(): void {
    const waiters = this.slotWaiters;
    this.slotWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Extends leases, in turn with acks and nacks so that it never undoes a nack sent before. */
  private extendLeases(ackIds: string[], ackDeadlineMs: number): void {
    const client = this.client;
    this.flushing = this.flushing.then(async () => {
      try {
        await client?.modifyAckDeadline({
          subscription: this.subscriptionPath,
          ackIds,
          ackDeadlineSeconds: Math.round(ackDeadlineMs / 1_000),
        });
      } catch (error) {
        // A lapsed lease only means a redelivery, which Bronze tolerates.
        this.options.log?.log('WARNING', 'push bridge could not extend leases', {
          error: (error as Error).message,
        });
      }
    });
  }

  private flushAcks(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const acks = this.ackIds;
    const nacks = this.nackIds;
    this.ackIds = [];
    this.nackIds = [];
    const client = this.client;
    this.flushing = this.flushing.then(async () => {
      if (!client) return;
      try {
        for (let i = 0; i < acks.length; i += MAX_PULL) {
          await client.acknowledge({
            subscription: this.subscriptionPath,
            ackIds: acks.slice(i, i + MAX_PULL),
          });
        }
        for (let i = 0; i < nacks.length; i += MAX_PULL) {
          await client.modifyAckDeadline({
            subscription: this.subscriptionPath,
            ackIds: nacks.slice(i, i + MAX_PULL),
            ackDeadlineSeconds: 0,
          });
        }
      } catch (error) {
        // A lost ack only means a redelivery, which Bronze tolerates.
        this.options.log?.log('WARNING', 'push bridge could not settle messages', {
          error: (error as Error).message,
        });
      }
    });
    return this.flushing;
  }
}

function toDelivery(proto: ReceivedMessageProto): Delivery {
  const message = proto.message ?? {};
  const seconds = Number(message.publishTime?.seconds?.toString() ?? 0);
  const nanos = message.publishTime?.nanos ?? 0;
  const data = message.data ?? new Uint8Array();
  return {
    ackId: proto.ackId ?? '',
    deliveryAttempt: proto.deliveryAttempt ?? 0,
    message: {
      id: message.messageId ?? '',
      data: typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.from(data),
      attributes: message.attributes ?? {},
      publishTime: new Date(seconds * 1_000 + Math.floor(nanos / 1_000_000)),
      orderingKey: message.orderingKey ?? undefined,
    },
  };
}

import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { bodyKey, payloadDigest } from '../ingest/ledger.js';

/** Receives the keys of the messages dead-lettered from the moment it is opened. */
export interface DeadLetterFeed {
  /** {@link bodyKey} of each message dead-lettered since the last call (or since it was opened). */
  take(): string[];
  /** Stops receiving keys. */
  close(): void;
}

/**
 * Drains a dead-letter subscription, acking each message and handing its key — its message id and
 * the digest of its body ({@link bodyKey}) — to every open feed. The local emulator keeps a
 * message's id when it dead-letters it, so the keys match the ones its publisher recorded. The
 * collector keeps no key itself: a live run that goes on for days holds only what its feeds have
 * not taken yet.
 */
export class DeadLetterCollector {
  private readonly subscription: Subscription;
  private readonly feeds = new Set<string[]>();

  constructor(pubsub: PubSub, subscriptionName: string) {
    this.subscription = pubsub.subscription(subscriptionName, {
      flowControl: { maxMessages: 1_000 },
    });
    this.subscription.on('message', (message: Message) => {
      const key = bodyKey(message.id, payloadDigest(message.data));
      for (const feed of this.feeds) feed.push(key);
      message.ack();
    });
    this.subscription.on('error', () => {
      // The subscriber reconnects by itself; a closed emulator at shutdown is expected.
    });
  }

  /** A feed of the keys of the messages dead-lettered from now on. */
  open(): DeadLetterFeed {
    let keys: string[] = [];
    this.feeds.add(keys);
    return {
      take: () => {
        const taken = keys;
        this.feeds.delete(taken);
        keys = [];
        this.feeds.add(keys);
        return taken;
      },
      close: () => {
        this.feeds.delete(keys);
      },
    };
  }

  async stop(): Promise<void> {
    await this.subscription.close();
  }
}

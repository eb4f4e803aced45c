import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { bodyKey, payloadDigest } from '../ingest/ledger.js';

/**
 * Drains a dead-letter subscription, acking each message and remembering it by its message id and
 * the digest of its body ({@link bodyKey}). The local emulator keeps a message's id when it
 * dead-letters it, so the keys match the ones its publisher recorded.
 */
export class DeadLetterCollector {
  /** {@link bodyKey} of each dead-lettered message. */
  readonly keys = new Set<string>();
  private readonly subscription: Subscription;

  constructor(pubsub: PubSub, subscriptionName: string) {
    this.subscription = pubsub.subscription(subscriptionName, {
      flowControl: { maxMessages: 1_000 },
    });
    this.subscription.on('message', (message: Message) => {
      this.keys.add(bodyKey(message.id, payloadDigest(message.data)));
      message.ack();
    });
    this.subscription.on('error', () => {
      // The subscriber reconnects by itself; a closed emulator at shutdown is expected.
    });
  }

  async stop(): Promise<void> {
    await this.subscription.close();
  }
}

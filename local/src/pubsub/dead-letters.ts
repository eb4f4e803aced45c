import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { payloadDigest } from '../ingest/replay-ledger.js';

/**
 * Drains a dead-letter subscription, acking each message and remembering its id and the digest of
 * its body. The local emulator keeps a message's id when it dead-letters it, so the ids match the
 * published ones; the digests still match after the message was republished under a new id.
 */
export class DeadLetterCollector {
  readonly messageIds = new Set<string>();
  /** {@link payloadDigest} of each dead-lettered body. */
  readonly digests = new Set<string>();
  private readonly subscription: Subscription;

  constructor(pubsub: PubSub, subscriptionName: string) {
    this.subscription = pubsub.subscription(subscriptionName, {
      flowControl: { maxMessages: 1_000 },
    });
    this.subscription.on('message', (message: Message) => {
      this.messageIds.add(message.id);
      this.digests.add(payloadDigest(message.data));
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

import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';

/**
 * Drains a dead-letter subscription, acking each message and remembering its id. The local
 * emulator keeps a message's id when it dead-letters it, so the ids match the published ones.
 */
export class DeadLetterCollector {
  readonly messageIds = new Set<string>();
  private readonly subscription: Subscription;

  constructor(pubsub: PubSub, subscriptionName: string) {
    this.subscription = pubsub.subscription(subscriptionName, {
      flowControl: { maxMessages: 1_000 },
    });
    this.subscription.on('message', (message: Message) => {
      this.messageIds.add(message.id);
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

import type { PubSub, Topic } from '@google-cloud/pubsub';

/** One message to publish. */
export interface OutgoingMessage {
  data: Buffer;
  attributes?: Record<string, string>;
}

/** A topic handle that batches on the client side for throughput, as every local publisher does. */
export function publishingTopic(pubsub: PubSub, topicName: string): Topic {
  return pubsub.topic(topicName, {
    batching: { maxMessages: 500, maxMilliseconds: 5, maxBytes: 4 * 1024 * 1024 },
  });
}

/**
 * Publishes each message with its body verbatim and returns the message ids in order. Batches on
 * the client side for throughput. (Pub/Sub refuses a message with neither data nor attributes.)
 */
export async function publishAll(
  pubsub: PubSub,
  topicName: string,
  messages: Iterable<OutgoingMessage>,
  onProgress?: (published: number) => void,
): Promise<string[]> {
  const topic = publishingTopic(pubsub, topicName);
  const ids: string[] = [];
  let pending: Promise<string>[] = [];
  const settle = async (): Promise<void> => {
    ids.push(...(await Promise.all(pending)));
    pending = [];
    onProgress?.(ids.length);
  };
  for (const message of messages) {
    pending.push(
      topic.publishMessage(
        message.attributes
          ? { data: message.data, attributes: message.attributes }
          : { data: message.data },
      ),
    );
    if (pending.length >= 2_000) await settle();
  }
  await settle();
  return ids;
}

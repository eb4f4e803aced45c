import type { PubSub } from '@google-cloud/pubsub';
import { createPubSubClient } from '@salesflow/generator';
import { TOPOLOGY } from '@salesflow/contract';

const ALREADY_EXISTS = 6;

/** A Pub/Sub client bound to an emulator address (plain gRPC, no credentials). */
export function emulatorClient(host: string, projectId: string): PubSub {
  return createPubSubClient({ projectId, emulatorHost: host });
}

async function ignoreExisting(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
}

/**
 * Creates the topic, the ingest subscription with its dead-letter and retry policies, and the
 * dead-letter topic and subscription — the same topology the CDKTF app provisions on GCP. Idempotent.
 */
export async function ensureTopology(pubsub: PubSub): Promise<void> {
  const projectId = await pubsub.getClientConfig().then((config) => config.projectId);
  await ignoreExisting(() => pubsub.createTopic(TOPOLOGY.topic));
  await ignoreExisting(() => pubsub.createTopic(TOPOLOGY.deadLetterTopic));
  await ignoreExisting(() =>
    pubsub.topic(TOPOLOGY.deadLetterTopic).createSubscription(TOPOLOGY.deadLetterSubscription, {
      ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
      messageRetentionDuration: { seconds: TOPOLOGY.messageRetentionSeconds },
    }),
  );
  await ignoreExisting(() =>
    pubsub.topic(TOPOLOGY.topic).createSubscription(TOPOLOGY.ingestSubscription, {
      ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
      messageRetentionDuration: { seconds: TOPOLOGY.messageRetentionSeconds },
      deadLetterPolicy: {
        deadLetterTopic: `projects/${projectId}/topics/${TOPOLOGY.deadLetterTopic}`,
        maxDeliveryAttempts: TOPOLOGY.maxDeliveryAttempts,
      },
      retryPolicy: {
        minimumBackoff: { seconds: TOPOLOGY.retryMinimumBackoffSeconds },
        maximumBackoff: { seconds: TOPOLOGY.retryMaximumBackoffSeconds },
      },
    }),
  );
}

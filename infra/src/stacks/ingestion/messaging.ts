import { PubsubSchema } from '@cdktf/provider-google/lib/pubsub-schema/index.js';
import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member/index.js';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription/index.js';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member/index.js';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { TOPOLOGY, routeFilter, salesEventAvroSchema, type IngestRoute } from '@salesflow/contract';
import { Construct } from 'constructs';
import { enabledRoutes, type EnvironmentConfig } from '../../config/schema.js';

export interface MessagingProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  /** `serviceAccount:` member of the project's Pub/Sub service agent. */
  readonly serviceAgent: string;
  /** The app's own publisher identity. */
  readonly publisher: ServiceAccount;
}

/** Delivery settings every subscription on `sales-events` shares with the local emulator. */
export interface DeliverySettings {
  readonly ackDeadlineSeconds: number;
  readonly messageRetentionDuration: string;
  readonly expirationPolicy: { ttl: string };
  readonly retryPolicy: { minimumBackoff: string; maximumBackoff: string };
}

/** Dead-lettering after the contract's number of attempts. */
export interface DeadLettering {
  readonly deadLetterPolicy: { deadLetterTopic: string; maxDeliveryAttempts: number };
}

/**
 * The `sales-events` topic, its dead-letter topic and subscription, the optional Avro topic schema,
 * and the Pub/Sub service agent's rights to dead-letter messages.
 */
export class Messaging extends Construct {
  readonly topic: PubsubTopic;
  readonly deadLetterTopic: PubsubTopic;
  readonly deadLetterSubscription: PubsubSubscription;
  readonly delivery: DeliverySettings;
  readonly deadLettering: DeadLettering;
  /** `serviceAccount:` member of the project's Pub/Sub service agent. */
  readonly serviceAgent: string;

  private readonly config: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    const kms = config.cmek === undefined ? {} : { kmsKeyName: config.cmek.regionalKey };
    this.serviceAgent = props.serviceAgent;

    const schema = config.ingestion.topicSchema.enabled
      ? new PubsubSchema(this, 'schema', {
          name: `${TOPOLOGY.topic}-v1`,
          type: 'AVRO',
          definition: JSON.stringify(salesEventAvroSchema()),
        })
      : undefined;
    this.topic = new PubsubTopic(this, 'topic', {
      name: TOPOLOGY.topic,
      labels: { ...props.labels },
      ...kms,
      ...(schema
        ? { schemaSettings: { schema: schema.id, encoding: 'JSON' }, dependsOn: [schema] }
        : {}),
    });
    this.deadLetterTopic = new PubsubTopic(this, 'dead-letter-topic', {
      name: TOPOLOGY.deadLetterTopic,
      labels: { ...props.labels },
      ...kms,
    });
    const retention = `${config.retention.messageRetentionSeconds}s`;
    this.deadLetterSubscription = new PubsubSubscription(this, 'dead-letter-subscription', {
      name: TOPOLOGY.deadLetterSubscription,
      topic: this.deadLetterTopic.id,
      ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
      messageRetentionDuration: retention,
      retainAckedMessages: false,
      expirationPolicy: { ttl: '' },
      labels: { ...props.labels },
    });
    this.delivery = {
      ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
      messageRetentionDuration: retention,
      expirationPolicy: { ttl: '' },
      retryPolicy: {
        minimumBackoff: `${TOPOLOGY.retryMinimumBackoffSeconds}s`,
        maximumBackoff: `${TOPOLOGY.retryMaximumBackoffSeconds}s`,
      },
    };
    this.deadLettering = {
      deadLetterPolicy: {
        deadLetterTopic: this.deadLetterTopic.id,
        maxDeliveryAttempts: TOPOLOGY.maxDeliveryAttempts,
      },
    };
    new PubsubTopicIamMember(this, 'publisher-app', {
      topic: this.topic.name,
      role: 'roles/pubsub.publisher',
      member: props.publisher.member,
    });
    config.ingestion.publishers.forEach((publisher, index) => {
      new PubsubTopicIamMember(this, `publisher-${index}`, {
        topic: this.topic.name,
        role: 'roles/pubsub.publisher',
        member: publisher,
      });
    });
    // Dead-lettering is done by the service agent: it publishes to the DLQ topic...
    new PubsubTopicIamMember(this, 'agent-publishes-dead-letters', {
      topic: this.deadLetterTopic.name,
      role: 'roles/pubsub.publisher',
      member: this.serviceAgent,
    });
  }

  /** ...and acks the failed message on the source subscription, which needs subscriber there. */
  allowDeadLettering(id: string, subscription: PubsubSubscription): void {
    new PubsubSubscriptionIamMember(this, `agent-dead-letters-${id}`, {
      subscription: subscription.name,
      role: 'roles/pubsub.subscriber',
      member: this.serviceAgent,
    });
  }

  /** The filter of `route`'s subscription: its share of the stream (see the contract's routing). */
  routeFilter(route: IngestRoute): string {
    const { ingestion } = this.config;
    return routeFilter(route, enabledRoutes(this.config), ingestion.defaultRoute);
  }
}

/**
 * Names and delivery settings of the messaging and warehouse topology. The CDKTF app provisions
 * exactly these on GCP and `salesflow emulators start` creates them on the local Pub/Sub, so the two
 * worlds cannot drift apart.
 */
export const TOPOLOGY = {
  topic: 'sales-events',
  ingestSubscription: 'sales-events-ingest',
  deadLetterTopic: 'sales-events-dlq',
  deadLetterSubscription: 'sales-events-dlq-sub',
  dataflowSubscription: 'sales-events-dataflow',
  bigQuerySubscription: 'sales-events-bq',
  /** Seconds a subscriber has to ack before redelivery. */
  ackDeadlineSeconds: 60,
  /** Delivery attempts before a message goes to the dead-letter topic (Pub/Sub allows 5–100). */
  maxDeliveryAttempts: 5,
  /** Exponential retry backoff for nacked messages. */
  retryMinimumBackoffSeconds: 10,
  retryMaximumBackoffSeconds: 600,
  /** How long unacked messages are kept. */
  messageRetentionSeconds: 7 * 24 * 3600,
  datasets: { bronze: 'bronze', silver: 'silver', snapshots: 'snapshots', gold: 'gold' },
} as const;

export type Topology = typeof TOPOLOGY;

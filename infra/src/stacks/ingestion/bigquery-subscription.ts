import type { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table/index.js';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member/index.js';
import { TOPOLOGY } from '@salesflow/contract';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';
import type { Messaging } from './messaging.js';

export interface BigQuerySubscriptionPathProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  readonly messaging: Messaging;
  readonly writer: ServiceAccount;
  readonly landingTable: BigqueryTable;
}

/**
 * The cheapest path: Pub/Sub writes every message straight into a Bronze landing table (Storage
 * Write API, at-least-once), as its own service account; rows it cannot write go to the DLQ.
 */
export class BigQuerySubscriptionPath extends Construct {
  readonly subscription: PubsubSubscription;

  constructor(scope: Construct, id: string, props: BigQuerySubscriptionPathProps) {
    super(scope, id);
    const { config, messaging, writer, landingTable } = props;
    // Pub/Sub mints tokens for the writer identity.
    new ServiceAccountIamMember(this, 'agent-acts-as-writer', {
      serviceAccountId: writer.name,
      role: 'roles/iam.serviceAccountTokenCreator',
      member: messaging.serviceAgent,
    });
    this.subscription = new PubsubSubscription(this, 'subscription', {
      name: TOPOLOGY.bigQuerySubscription,
      topic: messaging.topic.id,
      labels: { ...props.labels, component: 'bigquery-subscription' },
      ...messaging.delivery,
      ...messaging.deadLettering,
      filter: messaging.routeFilter('subscription'),
      bigqueryConfig: {
        table: `${config.project}.${landingTable.datasetId}.${landingTable.tableId}`,
        writeMetadata: true,
        useTableSchema: false,
        serviceAccountEmail: writer.email,
      },
    });
    messaging.allowDeadLettering('bigquery', this.subscription);
  }
}

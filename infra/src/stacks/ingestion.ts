import type { Construct } from 'constructs';
import type { DeploymentArtifacts } from '../artifacts/types.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { SalesflowStack } from './base.js';
import type { FoundationOutputs } from './foundation.js';
import { BigQuerySubscriptionPath } from './ingestion/bigquery-subscription.js';
import { DataflowPath } from './ingestion/dataflow.js';
import { Functions } from './ingestion/functions.js';
import { Messaging } from './ingestion/messaging.js';
import type { WarehouseOutputs } from './warehouse.js';

/** What the monitoring stack watches. */
export interface IngestionOutputs {
  readonly messaging: Messaging;
  readonly functions: Functions;
  readonly dataflow?: DataflowPath;
  readonly bigQuerySubscription?: BigQuerySubscriptionPath;
}

/** Pub/Sub and the enabled ingestion paths into Bronze, plus the daily FX-rate load. */
export class IngestionStack extends SalesflowStack {
  readonly outputs: IngestionOutputs;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    foundation: FoundationOutputs,
    warehouse: WarehouseOutputs,
    artifacts: Pick<DeploymentArtifacts, 'functionSource' | 'udf'>,
  ) {
    super(scope, 'ingestion', config);
    const labels = this.labels;
    const { identities } = foundation;
    const messaging = new Messaging(this, 'messaging', {
      config,
      labels,
      serviceAgent: foundation.serviceAgents.pubsub,
      publisher: identities.publisher,
    });
    const functions = new Functions(this, 'functions', {
      config,
      labels,
      identities,
      artifactsBucket: foundation.artifactsBucket,
      source: artifacts.functionSource,
      imageRepository: foundation.imageRepository,
      messaging,
      bronze: warehouse.bronze,
    });
    const { dataflowWorker, bigQuerySubscriptionWriter } = identities;
    const { dataflowErrors, subscriptionLanding } = warehouse.bronze;
    const dataflow =
      config.ingestion.dataflow.enabled && dataflowWorker && foundation.dataflowBucket
        ? new DataflowPath(this, 'dataflow', {
            config,
            labels,
            messaging,
            worker: dataflowWorker,
            artifactsBucket: foundation.artifactsBucket,
            scratchBucket: foundation.dataflowBucket,
            udf: artifacts.udf,
            outputTable: warehouse.bronze.salesEvents,
            errorTable: dataflowErrors,
            ...(foundation.dataflowSubnetwork === undefined
              ? {}
              : { createdSubnetwork: foundation.dataflowSubnetwork }),
          })
        : undefined;
    const bigQuerySubscription =
      config.ingestion.bigQuerySubscription.enabled && bigQuerySubscriptionWriter
        ? new BigQuerySubscriptionPath(this, 'bigquery-subscription', {
            config,
            labels,
            messaging,
            writer: bigQuerySubscriptionWriter,
            landingTable: subscriptionLanding,
          })
        : undefined;
    this.outputs = {
      messaging,
      functions,
      ...(dataflow ? { dataflow } : {}),
      ...(bigQuerySubscription ? { bigQuerySubscription } : {}),
    };
  }
}

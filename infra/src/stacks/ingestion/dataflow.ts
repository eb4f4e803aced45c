import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member/index.js';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import type { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table/index.js';
import { TOPOLOGY } from '@salesflow/contract';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { BuiltFile } from '../../artifacts/types.js';
import type { EnvironmentConfig } from '../../config/schema.js';
import { DataflowFlexTemplateJob, GoogleBetaProvider } from '../../constructs/google-beta.js';
import type { Messaging } from './messaging.js';
import { required } from '../../required.js';

/** The Dataflow job name (monitoring filters on it). */
export const DATAFLOW_JOB_NAME = 'sales-events-to-bronze';
/** Function in the UDF file the template calls. */
export const UDF_FUNCTION_NAME = 'transform';

export interface DataflowPathProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  readonly messaging: Messaging;
  readonly worker: ServiceAccount;
  readonly artifactsBucket: StorageBucket;
  readonly scratchBucket: StorageBucket;
  readonly udf: BuiltFile;
  readonly outputTable: BigqueryTable;
  readonly errorTable: BigqueryTable;
  /** The workers' subnetwork when the foundation created it. */
  readonly createdSubnetwork?: string;
}

/**
 * Google's `PubSub_to_BigQuery_Flex` template reading its own subscription, with our UDF from
 * GCS, writing Bronze through the Storage Write API and failures to the template's error table.
 */
export class DataflowPath extends Construct {
  readonly subscription: PubsubSubscription;
  readonly job: DataflowFlexTemplateJob;

  constructor(scope: Construct, id: string, props: DataflowPathProps) {
    super(scope, id);
    const { config, messaging, worker } = props;
    const settings = config.ingestion.dataflow;
    // No dead-letter policy: the template acks a message once its first stage has read it, so
    // Pub/Sub never sees a failed delivery. Messages it cannot write go to the error table instead.
    this.subscription = new PubsubSubscription(this, 'subscription', {
      name: TOPOLOGY.dataflowSubscription,
      topic: messaging.topic.id,
      labels: { ...props.labels, component: 'dataflow' },
      ...messaging.delivery,
      filter: messaging.routeFilter('dataflow'),
    });
    for (const [role, suffix] of [
      ['roles/pubsub.subscriber', 'subscriber'],
      ['roles/pubsub.viewer', 'viewer'],
    ] as const) {
      new PubsubSubscriptionIamMember(this, `worker-${suffix}`, {
        subscription: this.subscription.name,
        role,
        member: worker.member,
      });
    }

    const udfAsset = new TerraformAsset(this, 'udf-asset', {
      path: props.udf.path,
      type: AssetType.FILE,
    });
    const udf = new StorageBucketObject(this, 'udf', {
      bucket: props.artifactsBucket.name,
      name: props.udf.objectName,
      source: udfAsset.path,
      contentType: 'application/javascript',
    });

    const beta = new GoogleBetaProvider(this, 'google-beta', {
      project: config.project,
      region: config.region,
      defaultLabels: props.labels,
    });
    const table = (t: BigqueryTable): string => `${config.project}:${t.datasetId}.${t.tableId}`;
    this.job = new DataflowFlexTemplateJob(this, 'job', {
      provider: beta,
      name: DATAFLOW_JOB_NAME,
      region: config.region,
      containerSpecGcsPath: `gs://dataflow-templates-${config.region}/${settings.templateVersion}/flex/PubSub_to_BigQuery_Flex`,
      parameters: {
        inputSubscription: this.subscription.id,
        outputTableSpec: table(props.outputTable),
        outputDeadletterTable: table(props.errorTable),
        javascriptTextTransformGcsPath: `gs://${props.artifactsBucket.name}/${udf.name}`,
        javascriptTextTransformFunctionName: UDF_FUNCTION_NAME,
        useStorageWriteApi: 'true',
        useStorageWriteApiAtLeastOnce: String(settings.storageWriteApiAtLeastOnce),
        numStorageWriteApiStreams: String(settings.storageWriteApiStreams),
        storageWriteApiTriggeringFrequencySec: String(
          settings.storageWriteApiTriggeringFrequencySeconds,
        ),
      },
      serviceAccountEmail: worker.email,
      maxWorkers: settings.maxWorkers,
      machineType: settings.machineType,
      tempLocation: `gs://${props.scratchBucket.name}/temp`,
      stagingLocation: `gs://${props.scratchBucket.name}/staging`,
      enableStreamingEngine: true,
      ipConfiguration: settings.privateWorkerIps ? 'WORKER_IP_PRIVATE' : 'WORKER_IP_PUBLIC',
      subnetwork:
        settings.network.kind === 'existing'
          ? settings.network.subnetwork
          : required(props.createdSubnetwork, 'the created Dataflow subnetwork'),
      ...(config.cmek === undefined ? {} : { kmsKeyName: config.cmek.regionalKey }),
      labels: { ...props.labels, component: 'dataflow' },
      onDelete: 'drain',
      dependsOn: [udf],
    });
  }
}

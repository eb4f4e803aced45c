import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job/index.js';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import type { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic/index.js';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { BuiltFile } from '../../artifacts/types.js';
import type { EnvironmentConfig } from '../../config/schema.js';
import type { Identities } from '../foundation.js';
import type { BronzeTables } from '../warehouse.js';

/** Names of the deployed functions (also their Cloud Run services). */
export const FUNCTION_NAMES = { ingestSales: 'ingest-sales', fxRates: 'fx-rates' } as const;
export const FUNCTION_RUNTIME = 'nodejs20';

export interface FunctionsProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  readonly identities: Identities;
  readonly artifactsBucket: StorageBucket;
  readonly source: BuiltFile;
  readonly topic: PubsubTopic;
  readonly bronze: BronzeTables;
}

/**
 * Cloud Functions gen2: `ingestSales` on an Eventarc Pub/Sub trigger with retries, and `fxRates`
 * invoked daily by Cloud Scheduler. Both deploy from one content-addressed zip.
 */
export class Functions extends Construct {
  readonly ingestSales?: Cloudfunctions2Function;
  readonly fxRates: Cloudfunctions2Function;
  readonly fxRatesSchedule: CloudSchedulerJob;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { config, identities } = props;
    const asset = new TerraformAsset(this, 'source-asset', {
      path: props.source.path,
      type: AssetType.FILE,
    });
    const sourceObject = new StorageBucketObject(this, 'source', {
      bucket: props.artifactsBucket.name,
      name: props.source.objectName,
      source: asset.path,
      contentType: 'application/zip',
    });
    const buildConfig = (entryPoint: string) => ({
      runtime: FUNCTION_RUNTIME,
      entryPoint,
      serviceAccount: identities.functionBuilder.id,
      source: { storageSource: { bucket: props.artifactsBucket.name, object: sourceObject.name } },
    });
    // The variables the functions' own config parser reads.
    const environment = {
      BRONZE_SINK: 'bigquery',
      BQ_PROJECT: config.project,
      BQ_DATASET: props.bronze.salesEvents.datasetId,
      GOOGLE_CLOUD_PROJECT: config.project,
      LOG_LEVEL: 'info',
    };

    const ingest = config.ingestion.function;
    if (ingest.enabled && identities.ingestFunction && identities.ingestTrigger) {
      this.ingestSales = new Cloudfunctions2Function(this, 'ingest-sales', {
        name: FUNCTION_NAMES.ingestSales,
        location: config.region,
        description:
          'Validates sales events from Pub/Sub and lands them in Bronze (or quarantines them).',
        labels: { ...props.labels, component: 'ingest' },
        buildConfig: buildConfig('ingestSales'),
        serviceConfig: {
          serviceAccountEmail: identities.ingestFunction.email,
          ingressSettings: 'ALLOW_INTERNAL_ONLY',
          minInstanceCount: ingest.minInstances,
          maxInstanceCount: ingest.maxInstances,
          maxInstanceRequestConcurrency: ingest.concurrency,
          availableMemory: ingest.memory,
          timeoutSeconds: ingest.timeoutSeconds,
          allTrafficOnLatestRevision: true,
          environmentVariables: environment,
        },
        eventTrigger: {
          triggerRegion: config.region,
          eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
          pubsubTopic: props.topic.id,
          // Off by default on the v2 API: without it a failed event would be dropped.
          retryPolicy: 'RETRY_POLICY_RETRY',
          serviceAccountEmail: identities.ingestTrigger.email,
        },
      });
      new CloudRunV2ServiceIamMember(this, 'trigger-invokes-ingest', {
        name: this.ingestSales.name,
        location: config.region,
        role: 'roles/run.invoker',
        member: identities.ingestTrigger.member,
      });
    }

    this.fxRates = new Cloudfunctions2Function(this, 'fx-rates', {
      name: FUNCTION_NAMES.fxRates,
      location: config.region,
      description: 'Loads the daily ECB reference rates into bronze.fx_rates.',
      labels: { ...props.labels, component: 'fx-rates' },
      buildConfig: buildConfig('fxRates'),
      serviceConfig: {
        serviceAccountEmail: identities.fxRatesFunction.email,
        ingressSettings: 'ALLOW_INTERNAL_ONLY',
        minInstanceCount: 0,
        maxInstanceCount: 1,
        availableMemory: '256Mi',
        timeoutSeconds: 120,
        allTrafficOnLatestRevision: true,
        environmentVariables: environment,
      },
    });
    new CloudRunV2ServiceIamMember(this, 'scheduler-invokes-fx', {
      name: this.fxRates.name,
      location: config.region,
      role: 'roles/run.invoker',
      member: identities.fxRatesScheduler.member,
    });
    this.fxRatesSchedule = new CloudSchedulerJob(this, 'fx-rates-daily', {
      name: 'fx-rates-daily',
      region: config.region,
      description: 'Fetches the ECB reference rates after their daily publication.',
      schedule: config.fxRates.schedule,
      timeZone: config.fxRates.timeZone,
      attemptDeadline: '180s',
      retryConfig: { retryCount: 3, minBackoffDuration: '60s', maxBackoffDuration: '600s' },
      httpTarget: {
        uri: this.fxRates.serviceConfig.uri,
        httpMethod: 'POST',
        oidcToken: {
          serviceAccountEmail: identities.fxRatesScheduler.email,
          audience: this.fxRates.serviceConfig.uri,
        },
      },
    });
  }
}

import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job/index.js';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription/index.js';
import type { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member/index.js';
import { TOPOLOGY } from '@salesflow/contract';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { BuiltFile } from '../../artifacts/types.js';
import type { EnvironmentConfig } from '../../config/schema.js';
import type { Identities } from '../foundation.js';
import type { BronzeTables } from '../warehouse.js';
import type { Messaging } from './messaging.js';

/** Names of the deployed functions (also their Cloud Run services). */
export const FUNCTION_NAMES = { ingestSales: 'ingest-sales', fxRates: 'fx-rates' } as const;

export interface FunctionsProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  readonly identities: Identities;
  readonly artifactsBucket: StorageBucket;
  readonly source: BuiltFile;
  readonly imageRepository: ArtifactRegistryRepository;
  readonly messaging: Messaging;
  readonly bronze: BronzeTables;
}

/**
 * Cloud Functions gen2: `ingestSales` fed by the push subscription `sales-events-ingest`, and
 * `fxRates` invoked daily by Cloud Scheduler. Both deploy from one content-addressed zip.
 *
 * The push subscription is Terraform's own (Google's direct Pub/Sub trigger), not an Eventarc
 * trigger's: its retry and dead-letter policies, retention and routing filter are declared here and
 * survive a replaced function.
 */
export class Functions extends Construct {
  readonly ingestSales?: Cloudfunctions2Function;
  readonly ingestSubscription?: PubsubSubscription;
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
      runtime: config.functionsRuntime,
      entryPoint,
      serviceAccount: identities.functionBuilder.id,
      dockerRepository: props.imageRepository.id,
      source: { storageSource: { bucket: props.artifactsBucket.name, object: sourceObject.name } },
    });
    // The variables the functions' own config parser reads.
    const environment = {
      BQ_PROJECT: config.project,
      BQ_DATASET: props.bronze.salesEvents.datasetId,
      GOOGLE_CLOUD_PROJECT: config.project,
      LOG_LEVEL: 'info',
      // Cloud Functions sets this on every gen2 function; declaring the value it sets keeps plans
      // free of a diff on any provider version (newer ones suppress it only when it is absent).
      LOG_EXECUTION_ID: 'true',
    };

    const ingest = config.ingestion.function;
    const pusher = identities.ingestPusher;
    if (ingest.enabled && identities.ingestFunction && pusher) {
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
          availableCpu: ingest.cpu,
          availableMemory: ingest.memory,
          timeoutSeconds: ingest.timeoutSeconds,
          allTrafficOnLatestRevision: true,
          environmentVariables: environment,
        },
      });
      const invoker = new CloudRunV2ServiceIamMember(this, 'pusher-invokes-ingest', {
        name: this.ingestSales.name,
        location: config.region,
        role: 'roles/run.invoker',
        member: pusher.member,
      });
      // Pub/Sub mints the push requests' OIDC tokens as the pusher (needed on projects created
      // before April 2021; harmless after).
      const tokens = new ServiceAccountIamMember(this, 'agent-signs-as-pusher', {
        serviceAccountId: pusher.name,
        role: 'roles/iam.serviceAccountTokenCreator',
        member: props.messaging.serviceAgent,
      });
      const url = this.ingestSales.serviceConfig.uri;
      // The Functions Framework names the CloudEvent's source after the topic in the request path
      // (and warns on every request without one); the token's audience stays the service URL.
      const endpoint = `${url}/projects/${config.project}/topics/${TOPOLOGY.topic}`;
      this.ingestSubscription = new PubsubSubscription(this, 'ingest-subscription', {
        name: TOPOLOGY.ingestSubscription,
        topic: props.messaging.topic.id,
        labels: { ...props.labels, component: 'ingest' },
        ...props.messaging.delivery,
        // A push is acked by the function's answer; it must be allowed to run to its timeout.
        ackDeadlineSeconds: Math.max(
          props.messaging.delivery.ackDeadlineSeconds,
          ingest.timeoutSeconds,
        ),
        ...props.messaging.deadLettering,
        filter: props.messaging.routeFilter('function'),
        pushConfig: {
          pushEndpoint: endpoint,
          oidcToken: { serviceAccountEmail: pusher.email, audience: url },
        },
        dependsOn: [invoker, tokens],
      });
      props.messaging.allowDeadLettering('function', this.ingestSubscription);
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

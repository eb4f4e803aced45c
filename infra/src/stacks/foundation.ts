import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project/index.js';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.js';
import { SecureBucket } from '../constructs/secure-bucket.js';
import { SalesflowStack } from './base.js';
import { requiredApis } from './foundation/apis.js';
import { CmekGrants } from './foundation/cmek.js';
import { ServiceIdentities, type Identities } from './foundation/identities.js';

export type { Identities } from './foundation/identities.js';
export { requiredApis } from './foundation/apis.js';

/** What later stacks receive from the foundation. */
export interface FoundationOutputs {
  readonly identities: Identities;
  /** Function zips and the Dataflow UDF (versioned). */
  readonly artifactsBucket: StorageBucket;
  /** Dataflow temp and staging files; present when the Dataflow path is enabled. */
  readonly dataflowBucket?: StorageBucket;
  /** The project's number (service-agent emails are built from it). */
  readonly projectNumber: string;
}

/** APIs, service accounts, buckets and the few project-level roles that have no narrower scope. */
export class FoundationStack extends SalesflowStack {
  readonly outputs: FoundationOutputs;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, 'foundation', config);
    const services = requiredApis(config).map(
      (api) =>
        new ProjectService(this, `api-${api.split('.')[0]}`, {
          service: api,
          disableOnDestroy: false,
        }),
    );
    const project = new DataGoogleProject(this, 'project', { projectId: config.project });

    const { ingestion, orchestrator } = config;
    const { identities } = new ServiceIdentities(this, 'sa', config, this.naming, services);

    const artifacts = new SecureBucket(this, 'artifacts', {
      name: this.naming.bucket('artifacts'),
      location: config.region,
      labels: this.labels,
      versioned: true,
      noncurrentVersionDays: config.retention.artifactVersionsDays,
      forceDestroy: !config.deletionProtection,
      ...(config.kmsKeyName === undefined ? {} : { kmsKeyName: config.kmsKeyName }),
    }).bucket;
    const dataflowBucket = ingestion.dataflow.enabled
      ? new SecureBucket(this, 'dataflow', {
          name: this.naming.bucket('dataflow'),
          location: config.region,
          labels: this.labels,
          // Scratch space: versions are kept one day only, enough to recover from a bad overwrite.
          versioned: true,
          noncurrentVersionDays: 1,
          deleteAfterDays: config.retention.dataflowTempDays,
          forceDestroy: true,
          ...(config.kmsKeyName === undefined ? {} : { kmsKeyName: config.kmsKeyName }),
        }).bucket
      : undefined;

    const bucketRole = (
      id: string,
      bucket: StorageBucket,
      role: string,
      who: ServiceAccount,
    ): void => {
      new StorageBucketIamMember(this, id, { bucket: bucket.name, role, member: who.member });
    };
    // Cloud Build reads the function zip; Dataflow workers read the UDF and use their scratch bucket.
    bucketRole(
      'artifacts-reader-builder',
      artifacts,
      'roles/storage.objectViewer',
      identities.functionBuilder,
    );
    if (identities.dataflowWorker && dataflowBucket) {
      bucketRole(
        'artifacts-reader-dataflow',
        artifacts,
        'roles/storage.objectViewer',
        identities.dataflowWorker,
      );
      bucketRole(
        'dataflow-scratch',
        dataflowBucket,
        'roles/storage.objectAdmin',
        identities.dataflowWorker,
      );
    }

    // Roles that exist only at project level, each to the one identity that needs it.
    const projectRole = (id: string, role: string, who: ServiceAccount): void => {
      new ProjectIamMember(this, id, { project: config.project, role, member: who.member });
    };
    projectRole('builder-logs', 'roles/logging.logWriter', identities.functionBuilder);
    projectRole('builder-images', 'roles/artifactregistry.writer', identities.functionBuilder);
    if (identities.ingestTrigger)
      projectRole('trigger-receiver', 'roles/eventarc.eventReceiver', identities.ingestTrigger);
    if (identities.dataflowWorker)
      projectRole('dataflow-worker', 'roles/dataflow.worker', identities.dataflowWorker);
    projectRole('orchestrator-jobs', 'roles/bigquery.jobUser', identities.orchestrator);
    if (orchestrator.kind === 'composer')
      projectRole('composer-worker', 'roles/composer.worker', identities.orchestrator);

    if (config.kmsKeyName !== undefined) {
      new CmekGrants(this, 'cmek', config.kmsKeyName, project.number, ingestion.dataflow.enabled);
    }

    this.outputs = {
      identities,
      artifactsBucket: artifacts,
      ...(dataflowBucket ? { dataflowBucket } : {}),
      projectNumber: project.number,
    };
  }
}

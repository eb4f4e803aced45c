import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project/index.js';
import type { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
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
import { BuildIdentity } from './foundation/build.js';
import { CmekGrants } from './foundation/cmek.js';
import { DataflowNetwork } from './foundation/dataflow-network.js';
import { ServiceIdentities, type Identities } from './foundation/identities.js';
import { ServiceAgents, type ServiceAgentMembers } from './foundation/service-agents.js';

export type { Identities } from './foundation/identities.js';
export type { ServiceAgentMembers } from './foundation/service-agents.js';
export { requiredApis } from './foundation/apis.js';
export { IMAGE_REPOSITORY } from './foundation/build.js';

/** What later stacks receive from the foundation. */
export interface FoundationOutputs {
  readonly identities: Identities;
  readonly serviceAgents: ServiceAgentMembers;
  /** Function zips and the Dataflow UDF (versioned). */
  readonly artifactsBucket: StorageBucket;
  /** Dataflow temp and staging files; present when the Dataflow path is enabled. */
  readonly dataflowBucket?: StorageBucket;
  /** The Dataflow workers' subnetwork (self link) when the app creates it. */
  readonly dataflowSubnetwork?: string;
  /** Docker repository of the function images and the dbt runner image. */
  readonly imageRepository: ArtifactRegistryRepository;
  /** The project's number (service-agent emails are built from it). */
  readonly projectNumber: string;
}

/**
 * APIs, service agents, service accounts, buckets, the image repository, the Dataflow network, CMEK
 * grants and the few project-level roles that have no narrower scope.
 */
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
    const agents = new ServiceAgents(this, 'agents', config, project.number, services);
    const cmek =
      config.cmek === undefined
        ? undefined
        : new CmekGrants(this, 'cmek', config.cmek, agents.members, agents.ready);
    const encrypted = cmek?.grants ?? [];

    const { ingestion, orchestrator } = config;
    const { identities } = new ServiceIdentities(this, 'sa', config, this.naming, services);
    const regionalKey = config.cmek === undefined ? {} : { kmsKeyName: config.cmek.regionalKey };

    const artifacts = new SecureBucket(this, 'artifacts', {
      name: this.naming.bucket('artifacts'),
      location: config.region,
      labels: this.labels,
      versioned: true,
      noncurrentVersionDays: config.retention.artifactVersionsDays,
      forceDestroy: !config.deletionProtection,
      dependsOn: encrypted,
      ...regionalKey,
    }).bucket;
    const dataflowBucket = ingestion.dataflow.enabled
      ? new SecureBucket(this, 'dataflow', {
          name: this.naming.bucket('dataflow'),
          location: config.region,
          labels: this.labels,
          // Scratch space: versions are kept one day only, enough to recover from a bad overwrite.
          versioned: true,
          noncurrentVersionDays: 1,
          // Only temp/ is scratch: staging/ holds the files a running job was launched from.
          expire: { prefix: 'temp/', days: config.retention.dataflowTempDays },
          forceDestroy: true,
          dependsOn: encrypted,
          ...regionalKey,
        }).bucket
      : undefined;
    const network = ingestion.dataflow.network;
    const dataflowNetwork =
      ingestion.dataflow.enabled && network.kind === 'create'
        ? new DataflowNetwork(this, 'dataflow-network', {
            config,
            subnetCidr: network.subnetCidr,
            apis: services,
          })
        : undefined;
    const build = new BuildIdentity(this, 'build', {
      config,
      labels: this.labels,
      builder: identities.functionBuilder,
      projectNumber: project.number,
      encryptionReady: encrypted,
    });

    const bucketRole = (
      id: string,
      bucket: StorageBucket,
      role: string,
      who: ServiceAccount,
    ): void => {
      new StorageBucketIamMember(this, id, { bucket: bucket.name, role, member: who.member });
    };
    if (identities.dataflowWorker && dataflowBucket) {
      // Workers read the UDF and use their scratch bucket.
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
    if (identities.dataflowWorker)
      projectRole('dataflow-worker', 'roles/dataflow.worker', identities.dataflowWorker);
    // Query jobs are created in a project, not in a dataset.
    projectRole('fx-jobs', 'roles/bigquery.jobUser', identities.fxRatesFunction);
    projectRole('orchestrator-jobs', 'roles/bigquery.jobUser', identities.orchestrator);
    if (orchestrator.kind === 'composer')
      projectRole('composer-worker', 'roles/composer.worker', identities.orchestrator);

    this.outputs = {
      identities,
      serviceAgents: agents.members,
      artifactsBucket: artifacts,
      ...(dataflowBucket ? { dataflowBucket } : {}),
      ...(dataflowNetwork ? { dataflowSubnetwork: dataflowNetwork.subnetwork.selfLink } : {}),
      imageRepository: build.repository,
      projectNumber: project.number,
    };
  }
}

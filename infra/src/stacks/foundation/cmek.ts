import { DataGoogleBigqueryDefaultServiceAccount } from '@cdktf/provider-google/lib/data-google-bigquery-default-service-account/index.js';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account/index.js';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';
import type { ServiceAgentMembers } from './service-agents.js';

type Cmek = NonNullable<EnvironmentConfig['cmek']>;

/**
 * CMEK: each Google service agent that encrypts our data gets its key, on that key only — the
 * BigQuery agent the BigQuery key (in the datasets' multi-region), every other agent the regional
 * key: Cloud Storage (buckets, Composer's bucket), Pub/Sub (topics), Artifact Registry (images),
 * and when enabled Dataflow and Compute Engine (job state, worker disks), Composer, or Cloud Run
 * (the dbt job).
 */
export class CmekGrants extends Construct {
  /** The grants; resources encrypted with a key wait for them. */
  readonly grants: ITerraformDependable[];

  constructor(
    scope: Construct,
    id: string,
    cmek: Cmek,
    agents: ServiceAgentMembers,
    agentsReady: readonly ITerraformDependable[],
  ) {
    super(scope, id);
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, 'storage-agent', {});
    const bigQueryAgent = new DataGoogleBigqueryDefaultServiceAccount(this, 'bigquery-agent', {});
    const regional: Record<string, string | undefined> = {
      storage: storageAgent.member,
      pubsub: agents.pubsub,
      'artifact-registry': agents.artifactRegistry,
      dataflow: agents.dataflow,
      compute: agents.compute,
      composer: agents.composer,
      'cloud-run': agents.cloudRun,
    };
    const grant = (name: string, key: string, member: string): KmsCryptoKeyIamMember =>
      new KmsCryptoKeyIamMember(this, `cmek-${name}`, {
        cryptoKeyId: key,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member,
        dependsOn: [...agentsReady],
      });
    this.grants = [
      ...Object.entries(regional).flatMap(([name, member]) =>
        member === undefined ? [] : [grant(name, cmek.regionalKey, member)],
      ),
      grant('bigquery', cmek.bigQueryKey, bigQueryAgent.member),
    ];
  }
}

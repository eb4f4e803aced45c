import { DataGoogleBigqueryDefaultServiceAccount } from '@cdktf/provider-google/lib/data-google-bigquery-default-service-account/index.js';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account/index.js';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member/index.js';
import { Construct } from 'constructs';

/** CMEK: the Google service agents that encrypt our data get the key, on the key only. */
export class CmekGrants extends Construct {
  constructor(
    scope: Construct,
    id: string,
    keyName: string,
    projectNumber: string,
    dataflow: boolean,
  ) {
    super(scope, id);
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, 'storage-agent', {});
    const bigQueryAgent = new DataGoogleBigqueryDefaultServiceAccount(this, 'bigquery-agent', {});
    const agents: Record<string, string> = {
      storage: storageAgent.member,
      bigquery: bigQueryAgent.member,
      pubsub: `serviceAccount:service-${projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`,
      // The Dataflow and Compute agents exist only once their APIs are on.
      ...(dataflow
        ? {
            dataflow: `serviceAccount:service-${projectNumber}@dataflow-service-producer-prod.iam.gserviceaccount.com`,
            compute: `serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
          }
        : {}),
    };
    for (const [agent, member] of Object.entries(agents)) {
      new KmsCryptoKeyIamMember(this, `cmek-${agent}`, {
        cryptoKeyId: keyName,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member,
      });
    }
  }
}

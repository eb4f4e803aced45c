/**
 * The account that runs `cdktf deploy`: the roles docs/deploy.md asks it to hold on the pipeline
 * project, and the permission Terraform needs to add a member to each kind of IAM policy the stacks
 * write. Editor creates the resources but sets no resource's IAM policy; Security Admin does.
 */
export const DEPLOYER_ROLES = ['roles/editor', 'roles/iam.securityAdmin'] as const;

/**
 * Per `*_iam_member` resource type, the permission its create call needs; `undefined` where the
 * deploying account holds it through the resource itself.
 */
export const SET_IAM_POLICY_PERMISSION: Readonly<Record<string, string | undefined>> = {
  google_project_iam_member: 'resourcemanager.projects.setIamPolicy',
  google_storage_bucket_iam_member: 'storage.buckets.setIamPolicy',
  google_pubsub_topic_iam_member: 'pubsub.topics.setIamPolicy',
  google_pubsub_subscription_iam_member: 'pubsub.subscriptions.setIamPolicy',
  google_service_account_iam_member: 'iam.serviceAccounts.setIamPolicy',
  google_cloud_run_v2_service_iam_member: 'run.services.setIamPolicy',
  google_cloud_run_v2_job_iam_member: 'run.jobs.setIamPolicy',
  google_bigquery_table_iam_member: 'bigquery.tables.setIamPolicy',
  // The provider patches the dataset's access list (bigquery.datasets.update), and BigQuery makes a
  // dataset's creator — the deploying account — its owner.
  google_bigquery_dataset_iam_member: undefined,
  google_kms_crypto_key_iam_member: 'cloudkms.cryptoKeys.setIamPolicy',
  google_artifact_registry_repository_iam_member: 'artifactregistry.repositories.setIamPolicy',
};

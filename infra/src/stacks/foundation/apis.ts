import type { EnvironmentConfig } from '../../config/schema.js';

/** The APIs the enabled components need. */
export function requiredApis(config: EnvironmentConfig): string[] {
  const apis = [
    'iam.googleapis.com',
    'cloudresourcemanager.googleapis.com',
    'storage.googleapis.com',
    'pubsub.googleapis.com',
    'bigquery.googleapis.com',
    'bigquerystorage.googleapis.com',
    'cloudfunctions.googleapis.com',
    'run.googleapis.com',
    'cloudbuild.googleapis.com',
    'artifactregistry.googleapis.com',
    'cloudscheduler.googleapis.com',
    'monitoring.googleapis.com',
    'logging.googleapis.com',
  ];
  if (config.ingestion.dataflow.enabled)
    apis.push('dataflow.googleapis.com', 'compute.googleapis.com');
  if (config.orchestrator.kind === 'composer') apis.push('composer.googleapis.com');
  if (config.cmek !== undefined) apis.push('cloudkms.googleapis.com');
  return apis;
}

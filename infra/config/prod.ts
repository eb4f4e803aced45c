import { DEFAULT_MESSAGE_RETENTION_SECONDS, parseEnvironmentConfig } from '../src/config/schema.js';

/**
 * Production: Dataflow carries the stream (autoscaling, Storage Write API), the ingest function stays
 * on for the small producers routed to it, Composer 3 orchestrates dbt, and everything is CMEK-encrypted.
 */
export const prod = parseEnvironmentConfig({
  environment: 'prod',
  project: 'salesflow-prod',
  region: 'europe-west1',
  bigQueryLocation: 'EU',
  namePrefix: 'sfprod',
  labels: { app: 'salesflow', env: 'prod', owner: 'data-platform' },
  stateBackend: { bucket: 'salesflow-prod-tfstate', prefix: 'salesflow' },
  kmsKeyName:
    'projects/salesflow-prod/locations/europe-west1/keyRings/salesflow/cryptoKeys/salesflow-data',
  deletionProtection: true,
  retention: {
    rejectedRowsDays: 90,
    messageRetentionSeconds: DEFAULT_MESSAGE_RETENTION_SECONDS,
    artifactVersionsDays: 30,
    dataflowTempDays: 7,
  },
  ingestion: {
    publishers: ['serviceAccount:pos-gateway@salesflow-prod.iam.gserviceaccount.com'],
    function: {
      enabled: true,
      minInstances: 1,
      maxInstances: 50,
      memory: '512Mi',
      timeoutSeconds: 60,
      concurrency: 1,
    },
    dataflow: {
      enabled: true,
      templateVersion: 'latest',
      maxWorkers: 10,
      machineType: 'n2-standard-2',
      storageWriteApiStreams: 4,
      storageWriteApiTriggeringFrequencySeconds: 5,
      storageWriteApiAtLeastOnce: true,
      privateWorkerIps: true,
      subnetwork: 'regions/europe-west1/subnetworks/salesflow-dataflow',
    },
    bigQuerySubscription: { enabled: false },
    topicSchema: { enabled: false },
  },
  fxRates: { schedule: '30 16 * * 1-5', timeZone: 'Europe/Berlin' },
  orchestrator: {
    kind: 'composer',
    imageVersion: 'composer-3-airflow-2.10.5',
    environmentSize: 'ENVIRONMENT_SIZE_SMALL',
    environmentVariables: {},
  },
  monitoring: {
    alertEmail: 'data-platform-oncall@example.com',
    oldestUnackedAgeSeconds: 600,
    functionErrorRatio: 0.02,
    dataflowSystemLagSeconds: 180,
    bronzeFreshnessSeconds: 3600,
  },
  biGroup: 'bi-analysts@example.com',
});

import { DEFAULT_MESSAGE_RETENTION_SECONDS, parseEnvironmentConfig } from '../src/config/schema.js';
import { COMPOSER_IMAGE, DATAFLOW_TEMPLATE_RELEASE } from './releases.js';

/**
 * Production: Dataflow carries the stream (the default route: autoscaling, Storage Write API), the
 * ingest function takes the producers that route to it (`route=function`), Composer 3 orchestrates
 * dbt, and everything is CMEK-encrypted.
 *
 * Before the first deploy set `project`, `stateBackend`, the two CMEK keys, `monitoring.alertEmail`
 * and `biGroup` (docs/deploy.md lists each); `cdktf synth` refuses the example.com values.
 */
export const prod = parseEnvironmentConfig({
  environment: 'prod',
  project: 'salesflow-prod',
  region: 'europe-west1',
  bigQueryLocation: 'EU',
  namePrefix: 'sfprod',
  labels: { app: 'salesflow', env: 'prod', owner: 'data-platform' },
  stateBackend: { bucket: 'salesflow-prod-tfstate', prefix: 'salesflow' },
  functionsRuntime: 'nodejs22',
  cmek: {
    regionalKey:
      'projects/salesflow-prod/locations/europe-west1/keyRings/salesflow/cryptoKeys/salesflow-data',
    bigQueryKey:
      'projects/salesflow-prod/locations/europe/keyRings/salesflow-eu/cryptoKeys/salesflow-bigquery',
  },
  deletionProtection: true,
  retention: {
    rejectedRowsDays: 90,
    messageRetentionSeconds: DEFAULT_MESSAGE_RETENTION_SECONDS,
    artifactVersionsDays: 30,
    dataflowTempDays: 7,
  },
  ingestion: {
    publishers: [],
    defaultRoute: 'dataflow',
    function: {
      enabled: true,
      minInstances: 1,
      maxInstances: 20,
      memory: '512Mi',
      cpu: '1',
      timeoutSeconds: 60,
      concurrency: 80,
    },
    dataflow: {
      enabled: true,
      templateVersion: DATAFLOW_TEMPLATE_RELEASE,
      maxWorkers: 10,
      machineType: 'n2-standard-2',
      storageWriteApiStreams: 4,
      storageWriteApiTriggeringFrequencySeconds: 5,
      storageWriteApiAtLeastOnce: true,
      privateWorkerIps: true,
      network: { kind: 'create', subnetCidr: '10.8.0.0/24' },
    },
    bigQuerySubscription: { enabled: false },
    topicSchema: { enabled: false },
  },
  fxRates: { schedule: '30 16 * * 1-5', timeZone: 'Europe/Berlin' },
  orchestrator: {
    kind: 'composer',
    imageVersion: COMPOSER_IMAGE,
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

import { DEFAULT_MESSAGE_RETENTION_SECONDS, parseEnvironmentConfig } from '../src/config/schema.js';
import { DATAFLOW_TEMPLATE_RELEASE } from './releases.js';

/**
 * Development: the cheapest shape that still exercises the whole pipeline — the ingest function
 * (the default route) plus the BigQuery subscription for messages routed to it, and dbt on a Cloud
 * Run job instead of Composer.
 *
 * Before the first deploy set `project` to your project and `monitoring.alertEmail` to a mailbox
 * that is read; `cdktf synth` refuses the example.com values.
 */
export const dev = parseEnvironmentConfig({
  environment: 'dev',
  project: 'salesflow-dev',
  region: 'europe-west1',
  bigQueryLocation: 'EU',
  namePrefix: 'sfdev',
  labels: { app: 'salesflow', env: 'dev', owner: 'data-platform' },
  functionsRuntime: 'nodejs22',
  deletionProtection: false,
  retention: {
    rejectedRowsDays: 30,
    messageRetentionSeconds: DEFAULT_MESSAGE_RETENTION_SECONDS,
    artifactVersionsDays: 7,
    dataflowTempDays: 3,
  },
  ingestion: {
    publishers: [],
    defaultRoute: 'function',
    function: {
      enabled: true,
      minInstances: 0,
      maxInstances: 5,
      memory: '512Mi',
      cpu: '1',
      timeoutSeconds: 60,
      concurrency: 80,
    },
    dataflow: {
      enabled: false,
      templateVersion: DATAFLOW_TEMPLATE_RELEASE,
      maxWorkers: 2,
      machineType: 'n2-standard-2',
      storageWriteApiStreams: 1,
      storageWriteApiTriggeringFrequencySeconds: 5,
      storageWriteApiAtLeastOnce: true,
      privateWorkerIps: true,
      network: { kind: 'create', subnetCidr: '10.8.0.0/24' },
    },
    bigQuerySubscription: { enabled: true },
    topicSchema: { enabled: false },
  },
  fxRates: { schedule: '30 16 * * 1-5', timeZone: 'Europe/Berlin' },
  orchestrator: {
    kind: 'cloud-run-job',
    image: 'europe-west1-docker.pkg.dev/salesflow-dev/salesflow/dbt-runner:0.1.0',
    hourlySchedule: '15 * * * *',
    dailySchedule: '0 3 * * *',
    timeoutSeconds: 3600,
    memory: '2Gi',
  },
  monitoring: {
    alertEmail: 'data-platform-dev@example.com',
    oldestUnackedAgeSeconds: 900,
    functionErrorRatio: 0.05,
    dataflowSystemLagSeconds: 300,
    bronzeFreshnessSeconds: 7200,
  },
});

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeploymentArtifacts } from '../../src/artifacts/types.js';
import { parseEnvironmentConfig, type EnvironmentConfig } from '../../src/config/schema.js';
import { dev } from '../../config/dev.js';
import { prod } from '../../config/prod.js';

/** A miniature repository (functions, UDF, DAGs, dbt project, Composer requirements). */
export const FIXTURE_REPO = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'repo');

/**
 * Artifacts pointing at fixture files, so stack tests synthesize without bundling anything. The
 * names follow the real builders' scheme.
 */
export const FIXTURE_ARTIFACTS: DeploymentArtifacts = {
  functionSource: {
    path: join(FIXTURE_REPO, 'functions', 'src', 'index.ts'),
    hash: 'feedfacefeedface',
    objectName: 'functions/salesflow-functions-feedfacefeedface.zip',
  },
  udf: {
    path: join(FIXTURE_REPO, 'functions', 'udf', 'dist', 'transform.js'),
    hash: '0123456789abcdef',
    objectName: 'udf/transform-0123456789abcdef.js',
  },
  dags: { baseDir: join(FIXTURE_REPO, 'composer', 'dags'), files: ['sales_dbt_hourly.py'] },
  dbtProject: {
    baseDir: join(FIXTURE_REPO, 'dbt'),
    files: ['dbt_project.yml', 'models/silver/example.sql'],
  },
  dbtManifest: () => ({
    path: join(FIXTURE_REPO, 'dbt', 'target', 'manifest.json'),
    hash: 'aaaabbbbccccdddd',
    objectName: 'data/dbt/target/manifest.json',
  }),
  composerPackages: { 'astronomer-cosmos': '==1.10.1', 'dbt-bigquery': '==1.9.1' },
};

/** Prod with every ingestion path and the topic schema on: every resource kind in one environment. */
export function everythingConfig(): EnvironmentConfig {
  return parseEnvironmentConfig({
    ...prod,
    environment: 'full',
    ingestion: {
      ...prod.ingestion,
      function: { ...prod.ingestion.function, enabled: true },
      dataflow: { ...prod.ingestion.dataflow, enabled: true },
      bigQuerySubscription: { enabled: true },
      topicSchema: { enabled: true },
    },
  });
}

/** The Cloud Run job orchestrator (dbt image, two Cloud Scheduler triggers) in place of Composer. */
export const CLOUD_RUN_JOB_ORCHESTRATOR: EnvironmentConfig['orchestrator'] = {
  kind: 'cloud-run-job',
  image: 'europe-docker.pkg.dev/p/r/dbt:1',
  hourlySchedule: '5 * * * *',
  dailySchedule: '0 2 * * *',
  timeoutSeconds: 1800,
  memory: '1Gi',
};

export const CONFIGS = { dev, prod } as const;

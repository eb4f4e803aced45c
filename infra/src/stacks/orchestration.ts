import type { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job/index.js';
import type { ComposerEnvironment } from '@cdktf/provider-google/lib/composer-environment/index.js';
import type { Construct } from 'constructs';
import type { DeploymentArtifacts } from '../artifacts/types.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { SalesflowStack } from './base.js';
import type { FoundationOutputs } from './foundation.js';
import { ComposerOrchestrator } from './orchestration/composer.js';
import { DbtJobOrchestrator } from './orchestration/dbt-job.js';
import type { WarehouseOutputs } from './warehouse.js';
import { required } from '../required.js';

export { COMPOSER_DBT_DIR, DBT_RUNS, ORCHESTRATION_NAMES } from './orchestration/names.js';

/** The orchestrator that was deployed. */
export type OrchestrationOutputs =
  | { readonly kind: 'composer'; readonly environment: ComposerEnvironment }
  | { readonly kind: 'cloud-run-job'; readonly job: CloudRunV2Job };

/**
 * dbt on a schedule: a Cloud Composer 3 environment with our DAGs and dbt project in its bucket, or
 * — for a fraction of the cost — a Cloud Run job started by Cloud Scheduler.
 */
export class OrchestrationStack extends SalesflowStack {
  readonly outputs: OrchestrationOutputs;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    foundation: FoundationOutputs,
    warehouse: WarehouseOutputs,
    artifacts: Pick<
      DeploymentArtifacts,
      'dags' | 'dbtProject' | 'dbtManifest' | 'composerPackages'
    >,
  ) {
    super(scope, 'orchestration', config);
    // What dbt/profiles.yml reads for its `bigquery` target.
    const environment = {
      BQ_PROJECT: config.project,
      BQ_LOCATION: config.bigQueryLocation,
      GCP_PROJECT: config.project,
      SALESFLOW_BRONZE_DATASET: warehouse.datasets.bronze.datasetId,
    };
    const { identities } = foundation;
    const settings = config.orchestrator;
    if (settings.kind === 'composer') {
      const composer = new ComposerOrchestrator(this, 'composer', {
        config,
        settings,
        labels: this.labels,
        runner: identities.orchestrator,
        composerAgent: required(foundation.serviceAgents.composer, 'the Composer service agent'),
        environment,
        dags: artifacts.dags,
        dbtProject: artifacts.dbtProject,
        dbtManifest: artifacts.dbtManifest(config.project, config.bigQueryLocation),
        pypiPackages: artifacts.composerPackages,
      });
      this.outputs = { kind: 'composer', environment: composer.environment };
      return;
    }
    if (!identities.orchestratorScheduler) {
      throw new Error('the Cloud Run dbt job needs the orchestrator scheduler identity');
    }
    const dbtJob = new DbtJobOrchestrator(this, 'dbt-job', {
      config,
      settings,
      labels: this.labels,
      runner: identities.orchestrator,
      scheduler: identities.orchestratorScheduler,
      environment,
    });
    this.outputs = { kind: 'cloud-run-job', job: dbtJob.job };
  }
}

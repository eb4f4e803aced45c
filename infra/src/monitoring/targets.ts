import { TOPOLOGY } from '@salesflow/contract';
import type { EnvironmentConfig } from '../config/schema.js';
import { DATAFLOW_JOB_NAME } from '../stacks/ingestion/dataflow.js';
import { FUNCTION_NAMES } from '../stacks/ingestion/functions.js';
import { ORCHESTRATION_NAMES } from '../stacks/orchestration.js';

/** An ingest path's subscription, watched for backlog age and for what it takes over. */
export interface WatchedSubscription {
  readonly label: string;
  readonly id: string;
}

/**
 * The names monitoring watches. They are fixed by configuration, so the monitoring stack needs no
 * remote state from the others and can be deployed or changed on its own.
 */
export interface MonitoredPipeline {
  readonly ingestSubscriptions: readonly WatchedSubscription[];
  readonly deadLetterSubscription: string;
  readonly topic: string;
  readonly ingestFunctionService?: string;
  readonly fxRatesService: string;
  readonly dataflowJob?: string;
  readonly bronzeDataset: string;
  readonly orchestrator:
    | { readonly kind: 'composer'; readonly environment: string }
    | { readonly kind: 'cloud-run-job'; readonly job: string };
}

/** What the enabled configuration deploys, by name. */
export function monitoredPipeline(config: EnvironmentConfig): MonitoredPipeline {
  const { ingestion } = config;
  const ingestSubscriptions: WatchedSubscription[] = [
    ...(ingestion.function.enabled
      ? [{ label: 'ingestSales (push)', id: TOPOLOGY.ingestSubscription }]
      : []),
    ...(ingestion.dataflow.enabled
      ? [{ label: 'Dataflow', id: TOPOLOGY.dataflowSubscription }]
      : []),
    ...(ingestion.bigQuerySubscription.enabled
      ? [{ label: 'BigQuery subscription', id: TOPOLOGY.bigQuerySubscription }]
      : []),
  ];
  return {
    ingestSubscriptions,
    deadLetterSubscription: TOPOLOGY.deadLetterSubscription,
    topic: TOPOLOGY.topic,
    ...(ingestion.function.enabled ? { ingestFunctionService: FUNCTION_NAMES.ingestSales } : {}),
    fxRatesService: FUNCTION_NAMES.fxRates,
    ...(ingestion.dataflow.enabled ? { dataflowJob: DATAFLOW_JOB_NAME } : {}),
    bronzeDataset: TOPOLOGY.datasets.bronze,
    orchestrator:
      config.orchestrator.kind === 'composer'
        ? { kind: 'composer', environment: ORCHESTRATION_NAMES.composer }
        : { kind: 'cloud-run-job', job: ORCHESTRATION_NAMES.dbtJob },
  };
}

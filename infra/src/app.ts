import type { App } from 'cdktf';
import type { DeploymentArtifacts } from './artifacts/types.js';
import type { EnvironmentConfig } from './config/schema.js';
import { monitoredPipeline } from './monitoring/targets.js';
import { FoundationStack } from './stacks/foundation.js';
import { IngestionStack } from './stacks/ingestion.js';
import { MonitoringStack } from './stacks/monitoring.js';
import { OrchestrationStack } from './stacks/orchestration.js';
import { WarehouseStack } from './stacks/warehouse.js';

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly foundation: FoundationStack;
  readonly warehouse: WarehouseStack;
  readonly ingestion: IngestionStack;
  readonly orchestration: OrchestrationStack;
  readonly monitoring: MonitoringStack;
}

/**
 * Adds one environment's stacks to the app: foundation → warehouse → ingestion → orchestration,
 * and monitoring, which watches them by name and so depends on none.
 */
export function addEnvironment(
  app: App,
  config: EnvironmentConfig,
  artifacts: DeploymentArtifacts,
): EnvironmentStacks {
  const foundation = new FoundationStack(app, config);
  const warehouse = new WarehouseStack(app, config, foundation.outputs);
  const ingestion = new IngestionStack(
    app,
    config,
    foundation.outputs,
    warehouse.outputs,
    artifacts,
  );
  const orchestration = new OrchestrationStack(
    app,
    config,
    foundation.outputs,
    warehouse.outputs,
    artifacts,
  );
  const monitoring = new MonitoringStack(app, config, monitoredPipeline(config));
  return { foundation, warehouse, ingestion, orchestration, monitoring };
}

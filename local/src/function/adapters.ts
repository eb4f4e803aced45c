import { createAdapters, type FunctionAdapters } from '@salesflow/functions/wiring';
import { createJsonLogger } from '@salesflow/functions/logging/logger';
import { DuckDbBronzeSink } from '../bronze/duckdb-sink.js';
import type { LocalFunctionsConfig } from './config.js';

/** The adapters of the locally hosted functions: the same ones as in the cloud, on a DuckDB sink. */
export async function createLocalAdapters(config: LocalFunctionsConfig): Promise<FunctionAdapters> {
  const log = createJsonLogger({ minSeverity: config.logLevel });
  const sink = await DuckDbBronzeSink.open({
    warehousePath: config.duckdb.warehousePath,
    landingDir: config.duckdb.landingDir,
    batch: config.batch,
    log,
  });
  return createAdapters(config, sink, log);
}

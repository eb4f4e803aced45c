import type { FunctionsConfig } from '../config.js';
import type { Logger } from '../logging/logger.js';
import { BigQueryBronzeSink } from './bigquery/bigquery-sink.js';
import { DuckDbBronzeSink } from './duckdb/duckdb-sink.js';
import type { BronzeSink } from './port.js';

/** The Bronze sink the configuration asks for. */
export async function createSink(config: FunctionsConfig, log: Logger): Promise<BronzeSink> {
  const sink = config.sink;
  if (sink.kind === 'bigquery') {
    return new BigQueryBronzeSink({
      projectId: sink.projectId,
      dataset: sink.dataset,
      apiEndpoint: sink.apiEndpoint,
      maxRetries: sink.maxRetries,
      batch: config.batch,
    });
  }
  return DuckDbBronzeSink.open({
    warehousePath: sink.warehousePath,
    landingDir: sink.landingDir,
    batch: config.batch,
    log,
  });
}

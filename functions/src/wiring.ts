import type { CommonConfig, FunctionsConfig } from './config.js';
import type { FxRatesPorts } from './fx-rates/handler.js';
import { HttpRatesSource } from './fx-rates/rates-source.js';
import type { IngestPorts } from './ingest-sales/handler.js';
import { createJsonLogger, type Logger } from './logging/logger.js';
import { BigQueryBronzeSink } from './sinks/bigquery/bigquery-sink.js';
import type { BronzeSink } from './sinks/port.js';

/** The adapters both functions run on, built once per process. */
export interface FunctionAdapters {
  ingest: IngestPorts;
  fxRates: FxRatesPorts;
}

/** Both functions' ports around one Bronze sink: the logger, the ECB source, the system clock. */
export function createAdapters(
  config: CommonConfig,
  sink: BronzeSink,
  log: Logger = createJsonLogger({ minSeverity: config.logLevel }),
): FunctionAdapters {
  const clock = (): Date => new Date();
  return {
    ingest: { sink, clock, log, projectId: config.projectId },
    fxRates: { source: new HttpRatesSource(config.ecbRatesUrl), sink, clock, log },
  };
}

/** The adapters of the deployed functions: Bronze goes to BigQuery. */
export function createCloudAdapters(config: FunctionsConfig): FunctionAdapters {
  const sink = new BigQueryBronzeSink({ ...config.bigQuery, batch: config.batch });
  return createAdapters(config, sink);
}

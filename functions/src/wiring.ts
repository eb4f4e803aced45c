import type { FunctionsConfig } from './config.js';
import type { FxRatesPorts } from './fx-rates/handler.js';
import { HttpRatesSource } from './fx-rates/rates-source.js';
import type { IngestPorts } from './ingest-sales/handler.js';
import { createJsonLogger } from './logging/logger.js';
import { createSink } from './sinks/create-sink.js';

/** The adapters both functions run on, built once per process from the configuration. */
export interface FunctionAdapters {
  ingest: IngestPorts;
  fxRates: FxRatesPorts;
}

/** Builds the adapters: JSON logger, the configured Bronze sink, the ECB source, the system clock. */
export async function createAdapters(config: FunctionsConfig): Promise<FunctionAdapters> {
  const log = createJsonLogger({ minSeverity: config.logLevel });
  const sink = await createSink(config, log);
  const clock = (): Date => new Date();
  return {
    ingest: { sink, clock, log, projectId: config.projectId },
    fxRates: { source: new HttpRatesSource(config.ecbRatesUrl), sink, clock, log },
  };
}

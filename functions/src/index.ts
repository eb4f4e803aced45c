/**
 * Entry point of the deployed Cloud Functions: registers `ingestSales` and `fxRates` on the
 * BigQuery sink. Only cloud code is reachable from here; the local host (in the `local`
 * workspace) registers the same functions on a DuckDB sink.
 */
import { loadConfigOrExit } from './config.js';
import { registerFunctions } from './register.js';
import { createCloudAdapters } from './wiring.js';

registerFunctions(createCloudAdapters(loadConfigOrExit()));

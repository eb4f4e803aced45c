/**
 * Entry point of the Cloud Functions: registers `ingestSales` (Pub/Sub messagePublished
 * CloudEvents) and `fxRates` (HTTP, called by Cloud Scheduler) with the Functions Framework.
 */
import * as functions from '@google-cloud/functions-framework';
import { loadConfig } from './config.js';
import { fxRatesHttpHandler } from './fx-rates/http.js';
import { handleMessage } from './ingest-sales/handler.js';
import { createAdapters } from './wiring.js';

const adapters = await createAdapters(loadConfig());

// Resolves with nothing, so the Functions Framework answers 204 rather than echoing the outcome.
// A plain promise chain: the framework runs each request in a domain, where every promise is costly.
functions.cloudEvent('ingestSales', (cloudEvent: functions.CloudEvent<unknown>) =>
  handleMessage(cloudEvent, adapters.ingest).then(() => undefined),
);

functions.http('fxRates', fxRatesHttpHandler(adapters.fxRates));

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

functions.cloudEvent('ingestSales', async (cloudEvent: functions.CloudEvent<unknown>) => {
  await handleMessage(cloudEvent, adapters.ingest);
});

functions.http('fxRates', fxRatesHttpHandler(adapters.fxRates));

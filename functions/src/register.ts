import * as functions from '@google-cloud/functions-framework';
import { fxRatesHttpHandler } from './fx-rates/http.js';
import { handleMessage } from './ingest-sales/handler.js';
import type { FunctionAdapters } from './wiring.js';

/**
 * Registers `ingestSales` (the Pub/Sub push of the `sales-events-ingest` subscription, which the
 * Functions Framework hands over as a messagePublished CloudEvent) and `fxRates` (HTTP, called by
 * Cloud Scheduler) on the given adapters. The cloud entry and the local host both call it, each
 * with its own sink.
 */
export function registerFunctions(adapters: FunctionAdapters): void {
  // Resolves with nothing, so the Functions Framework answers 204 rather than echoing the outcome.
  // A plain promise chain: the framework runs each request in a domain, where every promise is costly.
  functions.cloudEvent('ingestSales', (cloudEvent: functions.CloudEvent<unknown>) =>
    handleMessage(cloudEvent, adapters.ingest).then(() => undefined),
  );
  functions.http('fxRates', fxRatesHttpHandler(adapters.fxRates));
}

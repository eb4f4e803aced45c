/**
 * Local host of one registered function: the Functions Framework's own Express app (the one its
 * `main` serves on Cloud Run), bound to 127.0.0.1 only, with a graceful stop on SIGTERM/SIGINT.
 * The functions are registered exactly as the deployed entry registers them (register.ts), on
 * local adapters: Bronze lands in a DuckDB warehouse. JSON bodies are read before the app sees
 * them (see json-body.ts).
 *
 * Usage: `node --import tsx function-host.ts --target=ingestSales --port=8080`
 */
import { parseArgs } from 'node:util';
import type { RequestListener } from 'node:http';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { registerFunctions } from '@salesflow/functions/register';
import {
  collectPeriodically,
  COLLECTOR_NOT_EXPOSED,
  FULL_COLLECTION_EVERY_MS,
} from '../full-collection.js';
import { withJsonBodyRead } from './json-body.js';
import { createLocalAdapters } from './adapters.js';
import { loadLocalConfig } from './config.js';

const { values } = parseArgs({
  options: { target: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
const port = Number(values.port);
if (!values.target || !Number.isInteger(port) || port <= 0 || port > 65_535) {
  process.stderr.write('function-host: --target=NAME and --port=1..65535 are required\n');
  process.exit(2);
}

registerFunctions(await createLocalAdapters(loadLocalConfig()));
// The host serves a live stream for as long as it runs, and never goes quiet.
const collections = collectPeriodically(FULL_COLLECTION_EVERY_MS);
const server = getTestServer(values.target);
const [app] = server.listeners('request') as RequestListener[];
if (app) {
  server.removeAllListeners('request');
  server.on('request', withJsonBodyRead(app));
}
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({
      severity: 'INFO',
      message: 'function listening',
      target: values.target,
      port,
      fullCollections:
        collections.count === undefined
          ? COLLECTOR_NOT_EXPOSED
          : `every ${FULL_COLLECTION_EVERY_MS / 1000} s`,
    })}\n`,
  );
});

const shutdown = (): void => {
  // Requests under way finish (their rows are committed first); idle keep-alive sockets are dropped.
  collections.stop();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

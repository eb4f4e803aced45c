/**
 * A server for the serving-cost benchmark, run in its own process: `bare` is Node's HTTP server
 * answering 204, `noop` is the Functions Framework's app with a CloudEvent function that does
 * nothing, wrapped exactly as the local ingestSales host wraps it (see function-host.ts).
 *
 * Usage: `node --import tsx serving-host.ts --kind=bare|noop --port=N`
 */
import { createServer, type RequestListener } from 'node:http';
import { parseArgs } from 'node:util';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { withJsonBodyRead } from '@salesflow/local/function/json-body';

const { values } = parseArgs({
  options: { kind: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
const port = Number(values.port);
if (!['bare', 'noop'].includes(values.kind ?? '') || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('serving-host: --kind=bare|noop and --port=N are required\n');
  process.exit(2);
}

let server;
if (values.kind === 'bare') {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
} else {
  functions.cloudEvent('noop', () => Promise.resolve(undefined));
  server = getTestServer('noop');
  const [app] = server.listeners('request') as RequestListener[];
  if (!app) throw new Error('the Functions Framework server has no request listener');
  server.removeAllListeners('request');
  server.on('request', withJsonBodyRead(app));
}
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { handleMessage, type IngestPorts } from '@salesflow/functions/ingest-sales/handler';

let registered = 0;

/**
 * Registers `handleMessage` with the given ports under a fresh name and serves it with the
 * Functions Framework's test server on 127.0.0.1. Returns its URL and a stop function.
 */
export async function serveIngest(
  ports: IngestPorts,
): Promise<{ url: string; stop: () => Promise<void> }> {
  registered += 1;
  const name = `ingestSalesUnderTest${registered}`;
  functions.cloudEvent(name, async (cloudEvent: functions.CloudEvent<unknown>) => {
    await handleMessage(cloudEvent, ports);
  });
  return listen(getTestServer(name));
}

/** Listens on a free loopback port. */
export async function listen(server: Server): Promise<{ url: string; stop: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

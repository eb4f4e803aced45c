import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPushRequest } from '../src/bridge/push-request.js';
import { createMemoryLogger } from '../src/logging/logger.js';
import { DuckDbBronzeSink } from '../src/sinks/duckdb/duckdb-sink.js';
import { INVALID_KINDS, validEvent } from './support/corpus.js';
import { queryWarehouse } from './support/duckdb-query.js';
import { FaultInjectingSink } from './fakes/fault-injecting-sink.js';
import { serveIngest } from './support/function-server.js';

const ORIGIN = {
  projectId: 'salesflow-test',
  topic: 'sales-events',
  subscription: 'sales-events-ingest',
};
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

let dir: string;
let warehouse: string;
let sink: DuckDbBronzeSink;
let faulty: FaultInjectingSink;
let server: { url: string; stop: () => Promise<void> };
const log = createMemoryLogger();
const refused = validEvent(7);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-ingest-'));
  warehouse = join(dir, 'warehouse.duckdb');
  sink = await DuckDbBronzeSink.open({
    warehousePath: warehouse,
    batch: { maxRows: 100, maxWaitMs: 5 },
  });
  await sink.warehouseReady;
  faulty = new FaultInjectingSink(sink, {
    refuseEventIds: new Set([refused['event_id'] as string]),
  });
  server = await serveIngest({
    sink: faulty,
    clock: () => new Date(),
    log,
    projectId: 'salesflow-test',
  });
});
afterAll(async () => {
  await server.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

let sequence = 0;
/** POSTs a message the way Eventarc does and returns the HTTP status. */
async function push(
  data: Buffer,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; id: string }> {
  sequence += 1;
  const id = `msg-${sequence}`;
  const request = toPushRequest(
    { id, data, attributes: { source: 'test' }, publishTime: new Date() },
    ORIGIN,
  );
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { ...request.headers, ...extraHeaders },
    body: request.body,
  });
  return { status: response.status, id };
}

describe('ingestSales through the Functions Framework', () => {
  it('lands a valid event with its Pub/Sub metadata and answers 2xx', async () => {
    const event = validEvent(1);
    const { status, id } = await push(Buffer.from(JSON.stringify(event)));
    expect(status).toBe(204);
    const rows = await queryWarehouse(
      warehouse,
      `SELECT event_id, message_id, attributes->>'source' AS source, publish_time IS NOT NULL AS has_publish_time
       FROM bronze.sales_events WHERE message_id = '${id}'`,
    );
    expect(rows).toEqual([
      { event_id: event['event_id'], message_id: id, source: 'test', has_publish_time: true },
    ]);
  });

  it('acknowledges poison messages after keeping their exact bytes as rejected rows', async () => {
    for (const kind of ['non_utf8', 'oversize', 'truncated_json', 'total_mismatch']) {
      const bytes = INVALID_KINDS[kind]!();
      const { status, id } = await push(bytes);
      expect(status, kind).toBe(204);
      const rows = await queryWarehouse(
        warehouse,
        `SELECT to_base64(raw_data) AS raw, error_reason FROM bronze.sales_events_rejected WHERE message_id = '${id}'`,
      );
      expect(rows.length, kind).toBe(1);
      expect(rows[0]!['raw'], kind).toBe(bytes.toString('base64'));
    }
  });

  it('keeps an envelope without a message as an invalid_envelope rejection', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        ...toPushRequest(
          { id: 'env-1', data: Buffer.alloc(0), attributes: {}, publishTime: new Date() },
          ORIGIN,
        ).headers,
      },
      body: JSON.stringify({ subscription: 'projects/p/subscriptions/s' }),
    });
    expect(response.status).toBe(204);
    const rows = await queryWarehouse(
      warehouse,
      `SELECT error_reason FROM bronze.sales_events_rejected WHERE message_id = 'env-1'`,
    );
    expect(rows).toEqual([{ error_reason: 'invalid_envelope' }]);
  });

  it('fails the push (so Pub/Sub redelivers) while the sink is unavailable', async () => {
    faulty.startOutage(60_000);
    const { status } = await push(Buffer.from(JSON.stringify(validEvent(2))));
    faulty.startOutage(0);
    expect(status).toBeGreaterThanOrEqual(500);
    const errors = log.entries.filter((entry) => entry.severity === 'ERROR');
    expect(errors.at(-1)?.fields['transient']).toBe(true);
  });

  it('keeps an event the warehouse refuses for good as a sink_rejected row', async () => {
    const { status, id } = await push(Buffer.from(JSON.stringify(refused)));
    expect(status).toBe(204);
    const rows = await queryWarehouse(
      warehouse,
      `SELECT error_reason, decode(raw_data)::JSON->>'event_id' AS event_id
       FROM bronze.sales_events_rejected WHERE message_id = '${id}'`,
    );
    expect(rows).toEqual([{ error_reason: 'sink_rejected', event_id: refused['event_id'] }]);
  });

  it('logs one structured line per rejected message, linked to the trace', async () => {
    const before = log.entries.length;
    await push(INVALID_KINDS['json_null']!(), {
      traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    });
    const added = log.entries.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      severity: 'WARNING',
      message: 'message rejected',
      fields: {
        reason: 'not_an_object',
        'logging.googleapis.com/trace': `projects/salesflow-test/traces/${TRACE_ID}`,
      },
    });
  });
});

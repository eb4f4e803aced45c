import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushEndpoint, toPushRequest } from '../src/bridge/push-request.js';
import { createMemoryLogger } from '@salesflow/functions/logging/logger';
import { DuckDbBronzeSink } from '../src/bronze/duckdb-sink.js';
import { INVALID_KINDS, validEvent } from '@salesflow/functions/test/support/corpus';
import { queryWarehouse } from './support/duckdb-query.js';
import { FaultInjectingSink } from './support/fault-injecting-sink.js';
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
/** Where the sales-events-ingest subscription pushes (see pushEndpoint). */
let endpoint: string;
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
  endpoint = pushEndpoint(server.url, ORIGIN);
});
afterAll(async () => {
  await server.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

let sequence = 0;
/** POSTs a message the way Pub/Sub push does and returns the HTTP status. */
async function push(
  data: Buffer,
  options: {
    headers?: Record<string, string>;
    attributes?: Record<string, string>;
    deliveryAttempt?: number;
  } = {},
): Promise<{ status: number; id: string }> {
  sequence += 1;
  const id = `msg-${sequence}`;
  const request = toPushRequest(
    { id, data, attributes: options.attributes ?? { source: 'test' }, publishTime: new Date() },
    ORIGIN,
    options.deliveryAttempt,
  );
  return { status: await post(request.body, options.headers), id };
}

/** POSTs any body with the push headers and returns the HTTP status. */
async function post(body: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return response.status;
}

const rejectedRow = (id: string) =>
  queryWarehouse(
    warehouse,
    `SELECT error_reason, error_details, to_base64(raw_data) AS raw
     FROM bronze.sales_events_rejected WHERE message_id = '${id}'`,
  );

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

  it('lands an event pushed with a deliveryAttempt (dead-letter policy on), as any other', async () => {
    const event = validEvent(3);
    const { status, id } = await push(Buffer.from(JSON.stringify(event)), { deliveryAttempt: 4 });
    expect(status).toBe(204);
    const rows = await queryWarehouse(
      warehouse,
      `SELECT event_id FROM bronze.sales_events WHERE message_id = '${id}'`,
    );
    expect(rows).toEqual([{ event_id: event['event_id'] }]);
  });

  it('keeps a message with attributes and no data (the framework passes it on unconverted)', async () => {
    const { status, id } = await push(Buffer.alloc(0), { attributes: { source: 'pos-eu-1' } });
    expect(status).toBe(204);
    const rows = await rejectedRow(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['raw']).toBe('');
    expect(rows[0]!['error_reason']).not.toBe('invalid_envelope');
  });

  it('keeps a push whose data is not base64 as an invalid_envelope rejection with its id', async () => {
    const body = JSON.stringify({
      message: { data: '%%%not base64', messageId: 'env-b64', publishTime: new Date() },
      subscription: 'projects/p/subscriptions/s',
    });
    expect(await post(body)).toBe(204);
    const rows = await rejectedRow('env-b64');
    expect(rows.map((row) => row['error_reason'])).toEqual(['invalid_envelope']);
    expect(rows[0]!['error_details']).toContain('message.data is not base64');
  });

  it('keeps a body without a message as an invalid_envelope rejection with the body', async () => {
    const body = JSON.stringify({ subscription: 'projects/p/subscriptions/no-message' });
    expect(await post(body)).toBe(204);
    const rows = await queryWarehouse(
      warehouse,
      `SELECT error_reason, try(decode(raw_data)) AS raw FROM bronze.sales_events_rejected
       WHERE try(decode(raw_data)) LIKE '%no-message%'`,
    );
    expect(rows).toEqual([{ error_reason: 'invalid_envelope', raw: body }]);
  });

  it('refuses a body that is not JSON with 400, so Pub/Sub redelivers and dead-letters it', async () => {
    const before = await queryWarehouse(
      warehouse,
      'SELECT count(*)::INT AS n FROM bronze.sales_events_rejected',
    );
    expect(await post('{"message": ')).toBe(400);
    expect(await post('not json at all')).toBe(400);
    const after = await queryWarehouse(
      warehouse,
      'SELECT count(*)::INT AS n FROM bronze.sales_events_rejected',
    );
    expect(after).toEqual(before);
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
    await push(INVALID_KINDS['not_an_object']!(), {
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
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

  it("links a message to its publisher's trace when the request carries none", async () => {
    const before = log.entries.length;
    await push(INVALID_KINDS['not_an_object']!(), {
      attributes: { googclient_traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    });
    expect(log.entries.slice(before)[0]?.fields).toMatchObject({
      'logging.googleapis.com/trace': `projects/salesflow-test/traces/${TRACE_ID}`,
    });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FxRateRow } from '@salesflow/contract';
import { BigQueryBronzeSink, rejectedInsertId } from '../src/sinks/bigquery/bigquery-sink.js';
import { PermanentSinkError, TransientSinkError } from '../src/sinks/port.js';
import { BigQueryRestFake } from './fakes/bigquery-rest-fake.js';
import { INVALID_KINDS } from './support/corpus.js';
import { eventRow, rejectedRow } from './support/rows.js';

const fake = new BigQueryRestFake();
let sink: BigQueryBronzeSink;

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await sink?.close();
  await fake.stop();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.tables.clear();
  sink = new BigQueryBronzeSink({
    projectId: 'salesflow-test',
    dataset: 'bronze',
    apiEndpoint: fake.endpoint,
    maxRetries: 0,
    batch: { maxRows: 100, maxWaitMs: 10 },
  });
});

const insertRequests = (table: string) =>
  fake.requests.filter((request) => request.path.endsWith(`/tables/${table}/insertAll`));

describe('BigQuery Bronze sink against a fake of the REST API', () => {
  it('streams events with insertId = event_id, raw JSON-API values and the partition column', async () => {
    const rows = [eventRow(1), eventRow(2), eventRow(3)];
    await Promise.all(rows.map((row) => sink.writeEvents([row])));
    const [request, ...others] = insertRequests('sales_events');
    expect(others).toHaveLength(0);
    expect(request?.path).toBe(
      '/bigquery/v2/projects/salesflow-test/datasets/bronze/tables/sales_events/insertAll',
    );
    expect(request?.body).toMatchObject({ skipInvalidRows: true, ignoreUnknownValues: false });
    const sent = request?.body['rows'] as { insertId: string; json: Record<string, unknown> }[];
    expect(sent.map((row) => row.insertId)).toEqual(rows.map((row) => row.event_id));
    const first = sent[0]!.json;
    expect(typeof first['payload']).toBe('string');
    expect(JSON.parse(first['payload'] as string)).toMatchObject({ event_id: rows[0]!.event_id });
    expect(first['schema_version']).toBe(1);
    expect(first['ingested_at']).toBe(rows[0]!.ingested_at);
    expect(typeof first['attributes']).toBe('string');
    expect(fake.tables.get('sales_events')).toHaveLength(3);
  });

  it('sends rejected rows with base64 BYTES and a deterministic insertId per message', async () => {
    const bytes = INVALID_KINDS['non_utf8']!();
    const row = rejectedRow(bytes, 'msg-1');
    await sink.writeRejected([row]);
    await sink.writeRejected([rejectedRow(bytes, 'msg-1', '2030-01-01T00:00:00.000Z')]);
    const sent = insertRequests('sales_events_rejected').flatMap(
      (r) => r.body['rows'] as { insertId: string; json: Record<string, unknown> }[],
    );
    expect(sent).toHaveLength(2);
    expect(sent[0]!.json['raw_data']).toBe(bytes.toString('base64'));
    expect(sent[0]!.insertId).toBe(rejectedInsertId(row));
    // A redelivery of the same message carries the same insertId, so BigQuery can drop it.
    expect(sent[1]!.insertId).toBe(sent[0]!.insertId);
    expect(rejectedInsertId(rejectedRow(bytes, 'msg-2'))).not.toBe(sent[0]!.insertId);
  });

  it('refuses only the invalid row of a batch, permanently', async () => {
    const good = eventRow(4);
    const bad = { ...eventRow(5), event_time: 'not a time' };
    const outcomes = await Promise.allSettled([sink.writeEvents([good]), sink.writeEvents([bad])]);
    expect(outcomes[0].status).toBe('fulfilled');
    expect(outcomes[1].status).toBe('rejected');
    const reason = (outcomes[1] as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(PermanentSinkError);
    expect(reason.message).toContain('invalid');
    expect(fake.tables.get('sales_events')?.map((row) => row['event_id'])).toEqual([good.event_id]);
  });

  it.each([
    [503, 'backendError', TransientSinkError],
    [500, 'internalError', TransientSinkError],
    [429, 'rateLimitExceeded', TransientSinkError],
    [403, 'quotaExceeded', TransientSinkError],
    [404, 'notFound', PermanentSinkError],
    [400, 'invalid', PermanentSinkError],
    [403, 'accessDenied', PermanentSinkError],
  ])('maps HTTP %i %s to %o', async (status, reason, expected) => {
    fake.failNext(status, reason);
    await expect(sink.writeEvents([eventRow(6)])).rejects.toBeInstanceOf(expected);
  });

  it('treats an unreachable endpoint as transient', async () => {
    const offline = new BigQueryBronzeSink({
      projectId: 'salesflow-test',
      dataset: 'bronze',
      apiEndpoint: 'http://127.0.0.1:9',
      maxRetries: 0,
      batch: { maxRows: 10, maxWaitMs: 1 },
    });
    await expect(offline.writeEvents([eventRow(7)])).rejects.toBeInstanceOf(TransientSinkError);
    await offline.close();
  });

  it('merges FX rates through one parameterised MERGE, newest row per key', async () => {
    const rate = (quote: string, value: string): FxRateRow => ({
      rate_date: '2026-11-20',
      base_currency: 'EUR',
      quote_currency: quote,
      rate: value,
      source: 'ecb',
      ingested_at: '2026-11-20T16:00:00.000Z',
    });
    await sink.writeFxRates([rate('USD', '1.0500'), rate('JPY', '162.85'), rate('USD', '1.0534')]);
    const queries = fake.requests.filter((request) => request.path.endsWith('/queries'));
    expect(queries).toHaveLength(1);
    const body = queries[0]!.body as {
      query: string;
      useLegacySql: boolean;
      queryParameters: {
        name: string;
        parameterValue: { arrayValues: { structValues: Record<string, { value: string }> }[] };
      }[];
    };
    expect(body.query).toMatch(/MERGE `salesflow-test\.bronze\.fx_rates`/);
    expect(body.query).toMatch(
      /ON target\.rate_date = source\.rate_date\s+AND target\.base_currency = source\.base_currency\s+AND target\.quote_currency = source\.quote_currency/,
    );
    expect(body.useLegacySql).toBe(false);
    const values = body.queryParameters[0]!.parameterValue.arrayValues.map((v) => [
      v.structValues['quote_currency']!.value,
      v.structValues['rate']!.value,
    ]);
    expect(values).toEqual([
      ['USD', '1.0534'],
      ['JPY', '162.85'],
    ]);
  });
});

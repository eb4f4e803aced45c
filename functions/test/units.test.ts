import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createJsonLogger, traceFields } from '../src/logging/logger.js';
import { MicroBatcher } from '../src/sinks/micro-batcher.js';
import { PermanentSinkError, TransientSinkError, isTransient } from '../src/sinks/port.js';
import { classifyBigQueryError } from '../src/sinks/bigquery/errors.js';

describe('configuration of the deployed functions', () => {
  const cloud = { BQ_PROJECT: 'p', BQ_DATASET: 'bronze' };

  it('reads the BigQuery settings', () => {
    const config = loadConfig({
      ...cloud,
      BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9050',
      LOG_LEVEL: 'warning',
    });
    expect(config.bigQuery).toEqual({
      projectId: 'p',
      dataset: 'bronze',
      apiEndpoint: 'http://127.0.0.1:9050',
      maxRetries: 2,
    });
    expect(config.projectId).toBe('p');
    expect(config.logLevel).toBe('WARNING');
  });

  it('accepts BRONZE_SINK=bigquery, which older deployments set', () => {
    expect(loadConfig({ ...cloud, BRONZE_SINK: 'bigquery' }).bigQuery.projectId).toBe('p');
  });

  it.each([
    [{}, /BQ_PROJECT: is required .*BQ_DATASET: is required/],
    [{ BQ_PROJECT: 'p' }, /BQ_DATASET: is required/],
    [
      { ...cloud, BRONZE_SINK: 'duckdb' },
      /BRONZE_SINK: the deployed functions write to BigQuery only/,
    ],
    [{ ...cloud, SINK_BATCH_MAX_ROWS: '0' }, /SINK_BATCH_MAX_ROWS/],
    [{ ...cloud, BIGQUERY_API_ENDPOINT: 'not a url' }, /BIGQUERY_API_ENDPOINT/],
  ])('refuses %o in one readable line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).toThrow(/^invalid functions configuration: [^\n]+$/);
  });
});

describe('structured logging', () => {
  it('writes one Cloud Logging JSON line per entry above the threshold', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ minSeverity: 'INFO', write: (line) => lines.push(line) });
    log.log('DEBUG', 'hidden');
    log.log('WARNING', 'message rejected', { reason: 'invalid_json' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      severity: 'WARNING',
      message: 'message rejected',
      reason: 'invalid_json',
    });
  });

  it('turns a traceparent into trace fields, and ignores a malformed one', () => {
    expect(traceFields('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'p')).toEqual({
      'logging.googleapis.com/trace': 'projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736',
      'logging.googleapis.com/spanId': '00f067aa0ba902b7',
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(traceFields('garbage', 'p')).toEqual({});
  });
});

describe('micro-batcher', () => {
  it('writes concurrent rows in one batch and settles each caller with its own row outcome', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>(
      async (rows) => {
        batches.push([...rows]);
        return rows.map((row) => (row === 3 ? new PermanentSinkError('three') : null));
      },
      { maxRows: 10, maxWaitMs: 5 },
    );
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.add([n])));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    await batcher.close();
    await expect(batcher.add([5])).rejects.toThrow(/closed/);
  });

  it('caps batches at maxRows and fails every caller of a failed batch', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number>(
      async (rows) => {
        sizes.push(rows.length);
        if (rows.includes(0)) throw new TransientSinkError('down');
      },
      { maxRows: 3, maxWaitMs: 1 },
    );
    const outcomes = await Promise.allSettled([0, 1, 2, 3, 4].map((n) => batcher.add([n])));
    expect(sizes).toEqual([3, 2]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

describe('error classification', () => {
  it('treats unknown errors as transient so nothing is dropped', () => {
    expect(isTransient(new Error('?'))).toBe(true);
    expect(isTransient(new PermanentSinkError('no'))).toBe(false);
  });

  it('classifies BigQuery network failures as transient', () => {
    expect(
      classifyBigQueryError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'x')
        .transient,
    ).toBe(true);
    expect(
      classifyBigQueryError(
        { code: 404, errors: [{ reason: 'notFound' }], message: 'no table' },
        'x',
      ).transient,
    ).toBe(false);
  });
});

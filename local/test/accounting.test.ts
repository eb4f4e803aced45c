import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedCorpus, INVALID_KINDS } from '@salesflow/functions/test/support/corpus';
import { startLocalStack, type LocalStack } from '../src/stack.js';
import { queryWarehouse } from './support/duckdb-query.js';

let dir: string;
let stack: LocalStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-accounting-'));
  stack = await startLocalStack({
    warehousePath: join(dir, 'warehouse.duckdb'),
    functionLogLevel: 'error',
  });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounting: emulator → push bridge → function process → DuckDB Bronze', () => {
  it('accounts for every published message: landed + rejected + dead-lettered = published', async () => {
    const corpus = mixedCorpus({ valid: 10_000, duplicates: 500, perInvalidKind: 4 });
    const result = await stack.ingest(
      corpus.map((message) => ({
        data: message.data,
        attributes: { source: 'accounting-test' },
      })),
      { settleTimeoutMs: 150_000 },
    );
    const invalid = Object.keys(INVALID_KINDS).length * 4;
    expect(result.accounting).toEqual({
      published: corpus.length,
      landed: 10_500,
      rejected: invalid,
      deadLettered: 0,
      unaccounted: 0,
    });

    // Every message went where the contract says, by message id.
    const ids = result.publishedIds ?? [];
    expect(ids).toHaveLength(corpus.length);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    const expectedById = new Map(ids.map((id, index) => [id, corpus[index]!]));
    const landedIds = await queryWarehouse(
      join(dir, 'warehouse.duckdb'),
      'SELECT DISTINCT message_id, event_id FROM bronze.sales_events',
    );
    for (const row of landedIds) {
      const message = expectedById.get(row['message_id'] as string);
      expect(message?.expect).toBe('event');
      expect(row['event_id']).toBe(message?.eventId);
    }
    const [distinct] = await queryWarehouse(
      join(dir, 'warehouse.duckdb'),
      'SELECT count(DISTINCT event_id)::INTEGER AS events, count(*)::INTEGER AS rows FROM bronze.sales_events',
    );
    expect(distinct!['events']).toBe(10_000);
    // Duplicates (re-publishes and redeliveries) live in Bronze only: at least one row per message.
    expect(distinct!['rows']).toBeGreaterThanOrEqual(10_500);
    const reasons = await queryWarehouse(
      join(dir, 'warehouse.duckdb'),
      'SELECT error_reason, count(DISTINCT message_id)::INTEGER AS n FROM bronze.sales_events_rejected GROUP BY 1 ORDER BY 1',
    );
    expect(reasons.reduce((sum, row) => sum + (row['n'] as number), 0)).toBe(invalid);
    expect(reasons.map((row) => row['error_reason'])).toEqual(
      expect.arrayContaining([
        'payload_too_large',
        'invalid_encoding',
        'invalid_json',
        'schema_violation',
        'business_rule_violation',
      ]),
    );
    console.log(
      `accounting run: ${corpus.length} messages in ${result.elapsedMs} ms (${Math.round((corpus.length * 1000) / result.elapsedMs)} msg/s)`,
    );
  }, 240_000);
});

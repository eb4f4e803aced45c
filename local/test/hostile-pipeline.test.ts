import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus } from '@salesflow/contract/testing';
import { createGenerator } from '@salesflow/generator';
import { startLocalStack, type LocalStack } from '../src/stack.js';
import { queryWarehouse } from './support/duckdb-query.js';

let dir: string;
let warehouse: string;
let stack: LocalStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-hostile-'));
  warehouse = join(dir, 'warehouse.duckdb');
  stack = await startLocalStack({ warehousePath: warehouse, functionLogLevel: 'error' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile input through emulator → push bridge → function process → DuckDB', () => {
  it('lands each message intact or rejects it with its reason; none is lost, none harms a neighbour', async () => {
    const hostile = hostileCorpus();
    const neighbours = Array.from(
      createGenerator({
        seed: 99,
        events: hostile.length + 1,
        from: Date.parse('2026-03-01T00:00:00Z'),
        to: Date.parse('2026-03-08T00:00:00Z'),
      }),
      (message) => message.data,
    );
    // Every hostile message sits between two valid events.
    const messages = neighbours.flatMap((data, index) =>
      hostile[index] ? [data, hostile[index].data] : [data],
    );
    const result = await stack.ingest(
      messages.map((data) => ({ data, attributes: { source: 'hostile-test' } })),
      { settleTimeoutMs: 120_000 },
    );
    const landing = hostile.filter((m) => 'land' in m.expect).length;
    expect(result.accounting).toEqual({
      published: messages.length,
      landed: neighbours.length + landing,
      rejected: hostile.length - landing,
      deadLettered: 0,
      unaccounted: 0,
    });

    const landed = new Map(
      (
        await queryWarehouse(
          warehouse,
          'SELECT DISTINCT message_id, payload::VARCHAR AS payload FROM bronze.sales_events',
        )
      ).map((row) => [row['message_id'] as string, row['payload'] as string]),
    );
    const rejected = new Map(
      (
        await queryWarehouse(
          warehouse,
          'SELECT DISTINCT message_id, error_reason, to_base64(raw_data) AS raw FROM bronze.sales_events_rejected',
        )
      ).map((row) => [
        row['message_id'] as string,
        { reason: row['error_reason'] as string, raw: row['raw'] as string },
      ]),
    );
    const problems: string[] = [];
    expect(result.publishedIds).toHaveLength(messages.length);
    result.publishedIds!.forEach((id, index) => {
      const data = messages[index]!;
      const hostileMessage = index % 2 === 1 ? hostile[(index - 1) / 2] : undefined;
      const expectation = hostileMessage?.expect ?? { land: true as const };
      const name = hostileMessage?.name ?? `neighbour ${index / 2}`;
      if (id === undefined) {
        problems.push(`${name}: refused by Pub/Sub`);
        return;
      }
      if ('land' in expectation) {
        const payload = landed.get(id);
        // Intact: the stored payload is the same JSON value, every string byte for byte.
        if (payload === undefined) problems.push(`${name}: not landed`);
        else if (
          JSON.stringify(JSON.parse(payload)) !== JSON.stringify(JSON.parse(data.toString('utf8')))
        ) {
          problems.push(`${name}: payload changed`);
        }
      } else {
        const row = rejected.get(id);
        if (row === undefined) problems.push(`${name}: not rejected`);
        else {
          if (row.reason !== expectation.reason)
            problems.push(`${name}: reason ${row.reason}, expected ${expectation.reason}`);
          if (row.raw !== data.toString('base64')) problems.push(`${name}: raw bytes changed`);
        }
      }
    });
    expect(problems).toEqual([]);
    // No hostile message brought the function down.
    expect(
      await Promise.race([stack.function!.exited.then(() => 'exited'), Promise.resolve('running')]),
    ).toBe('running');
  });
});

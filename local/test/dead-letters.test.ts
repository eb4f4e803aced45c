import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPOLOGY } from '@salesflow/contract';
import { bodyKey, payloadDigest } from '../src/ingest/ledger.js';
import { startLocalStack, type LocalStack } from '../src/stack.js';
import { listen } from './support/function-server.js';

let dir: string;
let stack: LocalStack;
let server: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-dead-letters-'));
  // A function that is down for good: every push fails, so every message is dead-lettered.
  server = await listen(
    createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(503).end());
    }),
  );
  stack = await startLocalStack({
    warehousePath: join(dir, 'warehouse.duckdb'),
    functionUrl: server.url,
    retryBackoff: { minimumMs: 10, maximumMs: 40 },
  });
});
afterAll(async () => {
  await stack?.stop();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const messages = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    data: Buffer.from(JSON.stringify({ event_id: `${prefix}-${index}` })),
  }));

describe('dead letters through the local stack', () => {
  it('hands each dead letter to every feed open at the time', async () => {
    const early = stack.deadLetters.open();
    const late = stack.deadLetters.open();
    const data = Buffer.from('{"event_id":"direct"}');
    const id = await stack.pubsub.topic(TOPOLOGY.deadLetterTopic).publishMessage({ data });
    const key = bodyKey(id, payloadDigest(data));
    const seen = { early: [] as string[], late: [] as string[] };
    for (let wait = 0; wait < 100 && !(seen.early.length && seen.late.length); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen.early.push(...early.take());
      seen.late.push(...late.take());
    }
    expect(seen).toEqual({ early: [key], late: [key] });
    early.close();
    late.close();
  });

  it('accounts each run for its own dead-lettered messages, runs side by side included', async () => {
    const [first, second] = await Promise.all([
      stack.ingest(messages('a', 20), { settleTimeoutMs: 60_000, pollIntervalMs: 100 }),
      stack.ingest(messages('b', 30), { settleTimeoutMs: 60_000, pollIntervalMs: 100 }),
    ]);
    expect(first.accounting).toEqual({
      published: 20,
      landed: 0,
      rejected: 0,
      deadLettered: 20,
      unaccounted: 0,
    });
    expect(second.accounting).toMatchObject({ published: 30, deadLettered: 30, unaccounted: 0 });
    const third = await stack.ingest(messages('c', 5), {
      settleTimeoutMs: 60_000,
      pollIntervalMs: 100,
    });
    expect(third.accounting).toMatchObject({ published: 5, deadLettered: 5, unaccounted: 0 });
  }, 120_000);
});

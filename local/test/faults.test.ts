import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '@salesflow/functions/logging/logger';
import { mixedCorpus } from '@salesflow/functions/test/support/corpus';
import { DuckDbBronzeSink } from '../src/bronze/duckdb-sink.js';
import {
  freePort,
  startLocalIngestFunction,
  type FunctionProcess,
} from '../src/function/function-process.js';
import type { IngestProgress } from '../src/ingest/ingest.js';
import { startLocalStack, type LocalStack } from '../src/stack.js';
import { queryWarehouse } from './support/duckdb-query.js';
import { FaultInjectingSink } from './support/fault-injecting-sink.js';
import { serveIngest } from './support/function-server.js';

let dir: string;
let warehouse: string;
let stack: LocalStack | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-faults-'));
  warehouse = join(dir, 'warehouse.duckdb');
});
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const corpus = mixedCorpus({ valid: 3_000, duplicates: 150, perInvalidKind: 1 });
const validIds = new Set(corpus.filter((m) => m.expect === 'event').map((m) => m.eventId));

/** Starts the local stack pushing to a function the test hosts, and ingests the corpus through it. */
async function ingest(
  functionUrl: string,
  retryBackoff: { minimumMs: number; maximumMs: number },
  onProgress: (progress: IngestProgress) => void,
) {
  stack = await startLocalStack({ warehousePath: warehouse, functionUrl, retryBackoff });
  return stack.ingest(
    corpus.map((message) => ({ data: message.data, attributes: { source: 'fault-test' } })),
    { settleTimeoutMs: 120_000, pollIntervalMs: 200, onProgress },
  );
}

async function expectEveryValidEventLanded(): Promise<{ rows: number; events: number }> {
  const ids = await queryWarehouse(warehouse, 'SELECT DISTINCT event_id FROM bronze.sales_events');
  expect(ids.length).toBe(validIds.size);
  for (const { event_id } of ids) expect(validIds.has(event_id as string)).toBe(true);
  const [counts] = await queryWarehouse(
    warehouse,
    'SELECT count(*)::INTEGER AS rows, count(DISTINCT event_id)::INTEGER AS events FROM bronze.sales_events',
  );
  return counts as { rows: number; events: number };
}

describe('fault injection: nothing is lost, duplicates stay in Bronze', () => {
  it('survives a sink failing every 7th write and a 2-second outage mid-stream', async () => {
    const sink = await DuckDbBronzeSink.open({
      warehousePath: warehouse,
      batch: { maxRows: 500, maxWaitMs: 20 },
    });
    await sink.warehouseReady;
    const faulty = new FaultInjectingSink(sink, { failEveryKth: 7 });
    const server = await serveIngest({
      sink: faulty,
      clock: () => new Date(),
      log: createMemoryLogger(),
    });
    let outageStarted = false;
    try {
      // Backoff 400 ms doubling: a 2 s outage costs at most 3 of the 5 delivery attempts, and the
      // k-th-write fault at most one more, so no valid message may be dead-lettered.
      const result = await ingest(
        server.url,
        { minimumMs: 400, maximumMs: 10_000 },
        ({ bridge }) => {
          if (!outageStarted && bridge.acked >= 800) {
            outageStarted = true;
            faulty.startOutage(2_000);
          }
        },
      );
      expect(result.accounting.unaccounted).toBe(0);
      expect(result.accounting.deadLettered).toBe(0);
      expect(result.accounting.landed + result.accounting.rejected).toBe(corpus.length);
      expect(outageStarted).toBe(true);
      expect(faulty.injected.transient).toBeGreaterThan(0);
      expect(faulty.injected.outage).toBeGreaterThan(0);
      expect(result.bridge.nacked).toBeGreaterThan(0);
    } finally {
      await stack?.stop();
      await server.stop();
      await sink.close();
    }
    const counts = await expectEveryValidEventLanded();
    expect(counts.rows).toBeGreaterThanOrEqual(3_150);
  }, 180_000);

  it('survives the function process being killed mid-stream and restarted', async () => {
    const port = await freePort();
    const start = () =>
      startLocalIngestFunction({ warehousePath: warehouse, logLevel: 'error', port });
    let fn: FunctionProcess = await start();
    let restart: Promise<void> | undefined;
    let killedAt = -1;
    try {
      // Backoff 1 s doubling: 15 s of retries before the fifth attempt, longer than a restart.
      const result = await ingest(fn.url, { minimumMs: 1_000, maximumMs: 8_000 }, ({ bridge }) => {
        if (!restart && bridge.acked >= 1_000) {
          killedAt = bridge.acked;
          restart = fn.kill().then(async () => {
            fn = await start();
          });
        }
      });
      await restart;
      expect(killedAt).toBeGreaterThan(0);
      expect(result.accounting.unaccounted).toBe(0);
      expect(result.accounting.deadLettered).toBe(0);
      expect(result.bridge.nacked).toBeGreaterThan(0);
    } finally {
      await stack?.stop();
      await restart?.catch(() => undefined);
      await fn.stop();
    }
    const counts = await expectEveryValidEventLanded();
    expect(counts.rows).toBeGreaterThanOrEqual(3_150);
  }, 240_000);
});

/**
 * Fault: the warehouse is unavailable for 30 s in the middle of a stream.
 *
 * What "unavailable" means for the local sink: it never writes the DuckDB file while ingesting —
 * rows land as Parquet files under the landing directory and the warehouse only holds views over
 * them — so another process holding the warehouse's lock does not stop ingestion (dbt does that
 * every round). What the sink does depend on is its landing storage. The test moves the landing
 * directory away for 30 s, as when the volume or network share it lives on drops out: every path
 * under it then fails with ENOENT, DuckDB's COPY with an IO Error, and the function must answer
 * 5xx so the bridge nacks with backoff. (We run as root, so a chmod would not block the writes.)
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { landFxRates, LandingLayout, startLocalStack, type LocalStack } from '@salesflow/local';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRecoveredWarehouse, faultCorpus } from './faults-support.js';
import { timedLogger } from './timed-logger.js';

const OUTAGE_MS = 30_000;
const dir = mkdtempSync(join(tmpdir(), 'salesflow-warehouse-outage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fault: the warehouse unavailable for 30 s', () => {
  it(
    'is ridden out with retries: nothing dead-lettered, 0 unaccounted, Silver exactly once',
    { timeout: 300_000 },
    async () => {
      const warehouse = join(dir, 'warehouse.duckdb');
      const landing = new LandingLayout(warehouse).root;
      const corpus = faultCorpus(3_000, 11);
      await landFxRates(warehouse, corpus.fxRates);
      const sinkFailures = { transient: 0, permanent: 0 };
      let stack: LocalStack | undefined;
      let outage: { startedAt: number; endedAt?: number; timer: NodeJS.Timeout } | undefined;
      const endOutage = (): void => {
        if (!outage || outage.endedAt !== undefined) return;
        clearTimeout(outage.timer);
        const left = outage.startedAt + OUTAGE_MS - Date.now();
        // A timer may fire a millisecond early by the wall clock; the outage lasts its full length.
        if (left > 0 && !stopping) {
          outage.timer = setTimeout(endOutage, left);
          return;
        }
        if (existsSync(`${landing}.away`)) renameSync(`${landing}.away`, landing);
        outage.endedAt = Date.now();
      };
      const log = timedLogger();
      let stopping = false;
      try {
        stack = await startLocalStack({
          warehousePath: warehouse,
          functionLogLevel: 'error',
          onFunctionLine: (line) => {
            if (!line.includes('Bronze write failed')) return;
            if (line.includes('"transient":true')) sinkFailures.transient += 1;
            else sinkFailures.permanent += 1;
          },
          // 5 s doubling up to 25 s: the fifth attempt comes 60 s after the first, twice the outage,
          // and 25 s plus the 30 s request timeout stays within the 60 s ack deadline.
          retryBackoff: { minimumMs: 5_000, maximumMs: 25_000 },
          log,
        });
        const result = await stack.ingest(corpus.messages, {
          settleTimeoutMs: 150_000,
          pollIntervalMs: 250,
          onProgress: ({ bridge }) => {
            if (outage || bridge.acked < 800) return;
            renameSync(landing, `${landing}.away`);
            outage = { startedAt: Date.now(), timer: setTimeout(endOutage, OUTAGE_MS) };
          },
        });

        expect(outage?.endedAt).toBeDefined();
        const { startedAt, endedAt = 0 } = outage!;
        expect(endedAt - startedAt).toBeGreaterThanOrEqual(OUTAGE_MS);
        expect(result.accounting.unaccounted).toBe(0);
        expect(result.accounting.deadLettered).toBe(0);
        expect(result.accounting.landed + result.accounting.rejected).toBe(corpus.messages.length);
        // The function said "try again" (5xx), for a transient reason, all through the outage.
        const failures = log.entries.filter((entry) => entry.message.startsWith('push failed'));
        expect(failures.length).toBeGreaterThan(0);
        expect(
          failures.filter((entry) => !/^HTTP 5\d\d$/.test(String(entry.fields['error']))),
        ).toEqual([]);
        expect(Math.max(...failures.map((entry) => entry.at))).toBeGreaterThan(startedAt + 20_000);
        expect(sinkFailures.transient).toBeGreaterThan(0);
        expect(sinkFailures.permanent).toBe(0);
        console.info(
          `warehouse outage: ${endedAt - startedAt} ms; ingest ${result.elapsedMs} ms;`,
          `${result.bridge.nacked} nacks, ${sinkFailures.transient} transient sink failures`,
        );
      } finally {
        stopping = true;
        endOutage();
        await stack?.stop();
      }

      await expectRecoveredWarehouse(warehouse, corpus);
    },
  );
});

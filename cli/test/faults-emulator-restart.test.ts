/**
 * Fault: the Pub/Sub emulator restarted mid-stream. pstest keeps messages in memory, so the restart
 * loses every message not yet delivered — as a Pub/Sub outage loses the publishes it refuses. The
 * recovery is the publisher's: it keeps what it published until Bronze or the dead letters account
 * for it (by event_id, or by exact bytes for invalid messages), and publishes the rest again once
 * the emulator is back on the same port with the topology re-created. The push bridge rides out the
 * restart: its pulls fail while the emulator is down, then resume against the new one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  startLocalIngestFunction,
  type FunctionProcess,
} from '@salesflow/local/function/function-process';
import { runReplayingIngest } from '@salesflow/local/ingest/replaying-ingest';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_PROJECT_ID, type RunningEmulator } from '@salesflow/local';
import {
  expectRecoveredWarehouse,
  faultCorpus,
  landFxRates,
  restartLocalPubSub,
  startLocalPubSub,
} from './faults-support.js';
import { timedLogger } from './timed-logger.js';

/** How long the emulator stays down between stop and restart. */
const DOWN_MS = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'salesflow-emulator-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fault: the Pub/Sub emulator restarted mid-stream', () => {
  it(
    'loses undelivered messages, which the publisher republishes: 0 unaccounted, Silver exactly once',
    { timeout: 300_000 },
    async () => {
      const warehouse = join(dir, 'warehouse.duckdb');
      const corpus = faultCorpus(3_000, 23);
      await landFxRates(warehouse, corpus.fxRates);
      const port = await freePort();
      const local = await startLocalPubSub(port);
      let emulator: RunningEmulator = local.emulator;
      let fn: FunctionProcess | undefined;
      let restart: Promise<void> | undefined;
      let pushedBeforeRestart = 0;
      const log = timedLogger();
      try {
        fn = await startLocalIngestFunction({
          warehousePath: warehouse,
          logLevel: 'error',
        });
        const result = await runReplayingIngest({
          pubsub: local.pubsub,
          projectId: LOCAL_PROJECT_ID,
          functionUrl: fn.url,
          warehousePath: warehouse,
          messages: corpus.messages,
          retryBackoff: { minimumMs: 1_000, maximumMs: 10_000 },
          // The function stays healthy, so a 5 s standstill means messages were lost, not delayed.
          stallMs: 5_000,
          maxReplays: 5,
          timeoutMs: 150_000,
          pollIntervalMs: 250,
          log,
          onProgress: ({ bridge }) => {
            if (restart || bridge.acked < 800) return;
            pushedBeforeRestart = bridge.pushed;
            restart = (async () => {
              await emulator.stop();
              await sleep(DOWN_MS);
              emulator = await restartLocalPubSub(port);
            })();
          },
        });
        await restart;

        expect(restart).toBeDefined();
        expect(result.accounting.unaccounted).toBe(0);
        expect(result.accounting.deadLettered).toBe(0);
        expect(result.accounting.landed + result.accounting.rejected).toBe(corpus.messages.length);
        // Messages were lost with the old emulator and published again, then pulled from the new one
        // by the same bridge.
        expect(result.rounds.length).toBeGreaterThan(1);
        const lastRound = result.rounds.at(-1)!;
        expect(lastRound.published).toBeGreaterThan(0);
        expect(result.bridge.pushed - pushedBeforeRestart).toBeGreaterThanOrEqual(
          lastRound.attempted,
        );
        // The client retries a Pull while the emulator is unreachable; only errors it gives up on
        // (e.g. the subscription not re-created yet) reach the bridge.
        const pullErrors = log.entries
          .filter((entry) => entry.message === 'push bridge pull failed')
          .map((entry) => String(entry.fields['error']).slice(0, 60));
        console.info(
          `emulator restart: ingest ${result.elapsedMs} ms; rounds`,
          JSON.stringify(result.rounds),
          `pushed ${pushedBeforeRestart} before the restart, ${result.bridge.pushed} in all;`,
          `failed pulls: ${JSON.stringify(pullErrors)}`,
        );
      } finally {
        await restart?.catch(() => undefined);
        await fn?.stop();
        await local.pubsub.close();
        await emulator.stop();
      }

      await expectRecoveredWarehouse(warehouse, corpus);
    },
  );
});

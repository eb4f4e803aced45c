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
  landFxRates,
  startLocalStack,
  type LocalStack,
  type RunningEmulator,
} from '@salesflow/local';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRecoveredWarehouse, faultCorpus, restartLocalPubSub } from './faults-support.js';
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
      let stack: LocalStack | undefined;
      let emulator: RunningEmulator | undefined;
      let restart: Promise<void> | undefined;
      let pushedBeforeRestart = 0;
      const log = timedLogger();
      try {
        stack = await startLocalStack({
          warehousePath: warehouse,
          emulatorPort: port,
          functionLogLevel: 'error',
          retryBackoff: { minimumMs: 1_000, maximumMs: 10_000 },
          log,
        });
        emulator = stack.emulator;
        const result = await stack.ingest(corpus.messages, {
          // The function stays healthy, so a 5 s standstill means messages were lost, not delayed.
          replay: { stallMs: 5_000, maxReplays: 5 },
          settleTimeoutMs: 150_000,
          pollIntervalMs: 250,
          onProgress: ({ bridge }) => {
            if (restart || bridge.acked < 800) return;
            pushedBeforeRestart = bridge.pushed;
            restart = (async () => {
              await emulator?.stop();
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
        // The stack stops the emulator it started; the restarted one is the test's.
        await stack?.stop();
        await emulator?.stop();
      }

      await expectRecoveredWarehouse(warehouse, corpus);
    },
  );
});

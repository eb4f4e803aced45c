import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  collectPeriodically,
  DbtWorker,
  FRESHNESS_ARGS,
  FULL_COLLECTION_EVERY_MS,
  landFxRates,
  NIGHTLY_CHECKS_ARGS,
  runDbt,
  runDbtStep,
  runRound,
  ROUND_VARS,
  startLocalStack,
  type Accounting,
  type DbtContext,
  type LocalStack,
  type TrackedMessage,
} from '@salesflow/local';
import { ensurePubsubEmulator, ensureVenv } from '../../../scripts/toolchain.mjs';
import { generateDashboard } from '../dashboard/index.js';
import { liveStatus, PROCESS_MEMORY } from './live-status.js';
import {
  generatedInput,
  liveSource,
  replayInput,
  slicePeriods,
  type RunInput,
} from './messages.js';
import { CHAOS_PRESETS, type RunOptions } from './options.js';
import type { Cleanup } from './stages.js';
import { StageClock } from './stages.js';
import { readWarehouseFigures, type RunSummary } from './summary.js';
import { resetWarehouse } from './warehouse.js';

/** How a run talks to its user. */
export interface RunReporter {
  /** A line about what is happening now. */
  step(line: string): void;
  /** Ingestion progress within a period (redrawn in place on a terminal). */
  progress(label: string, done: number, total: number): void;
}

/** Things a run depends on that tests and callers may set. */
export interface RunEnvironment {
  readonly now: () => number;
  /** Resolves when the user asks the run to stop (Ctrl-C); a live run then winds down. */
  readonly stopRequested: Promise<void>;
  readonly cleanup: Cleanup;
}

const LIVE_TICK_SECONDS = 2;
/** How long the end of a live stream may take to land before the run reports what is missing. */
const LIVE_SETTLE_MS = 120_000;

const addAccounting = (a: Accounting, b: Accounting): Accounting => ({
  published: a.published + b.published,
  landed: a.landed + b.landed,
  rejected: a.rejected + b.rejected,
  deadLettered: a.deadLettered + b.deadLettered,
  unaccounted: a.unaccounted + b.unaccounted,
});

const EMPTY: Accounting = { published: 0, landed: 0, rejected: 0, deadLettered: 0, unaccounted: 0 };

/**
 * The local pipeline: emulator → function → Bronze, period by period with the scheduled dbt round
 * after each (so snapshots record real history), then a live stream, the dashboard and a summary.
 */
export async function runPipeline(
  options: RunOptions,
  reporter: RunReporter,
  environment: RunEnvironment,
): Promise<RunSummary> {
  const clock = new StageClock();
  const { cleanup } = environment;
  const warehouse = resolve(options.warehouse);
  // A round per period, then one per live interval: one dbt process serves them all.
  const worker = new DbtWorker({
    onStart: (pid) => cleanup.add('dbt', async () => killIfRunning(pid)),
  });
  cleanup.add('dbt worker', () => worker.close());
  const dbtContext: DbtContext = {
    warehouse,
    // Every command with the rounds' vars: a change of vars makes dbt parse the whole project again.
    vars: { reporting_currency: options.reportingCurrency, ...ROUND_VARS },
    worker,
  };
  let stopping = false;
  void environment.stopRequested.then(() => {
    stopping = true;
  });

  await clock.time('setup', async () => {
    reporter.step('setup: dbt environment and Pub/Sub emulator (cached after the first run)');
    ensureVenv('dbt');
    ensurePubsubEmulator();
    resetWarehouse(warehouse);
  });

  const input: RunInput = await clock.time('generate', async () => {
    const chaos = CHAOS_PRESETS[options.chaos];
    const today = environment.now();
    const built = options.input
      ? replayInput({ file: options.input, fxFile: options.fx, seed: options.seed, today })
      : generatedInput({
          seed: options.seed,
          events: options.events,
          days: options.days,
          chaos,
          today,
        });
    reporter.step(
      `generate: ${built.messages.length.toLocaleString('en-US')} messages — ${built.description}`,
    );
    return built;
  });

  const stack: LocalStack = await clock.time('start services', async () => {
    await landFxRates(warehouse, input.fxRates);
    reporter.step(
      `start: Pub/Sub emulator, ingestSales function (functions-framework) and push bridge → Bronze in ${options.warehouse}`,
    );
    const starting = startLocalStack({ warehousePath: warehouse });
    // Registered before it is up: a Ctrl-C during start-up stops whatever has started.
    cleanup.add('local stack', async () => (await starting).stop());
    return starting;
  });

  const ingest = async (
    label: string,
    messages: readonly TrackedMessage[],
  ): Promise<Accounting> => {
    const result = await stack.ingest(messages, {
      onProgress: ({ accounting, published }) => {
        const done = accounting ? accounting.published - accounting.unaccounted : published / 2;
        reporter.progress(label, done, messages.length);
      },
    });
    if (result.accounting.unaccounted > 0) {
      throw new Error(
        `${label}: ${result.accounting.unaccounted} messages are unaccounted for after the settle timeout`,
      );
    }
    return result.accounting;
  };

  let accounting = EMPTY;
  let dbtRounds = 0;
  const dbtRound = async (label: string): Promise<void> => {
    await clock.time('dbt', async () => {
      reporter.step(`dbt: ${label} — build_silver → snapshot → build_gold (selector hourly)`);
      const result = await runRound(dbtContext);
      dbtRounds += 1;
      reporter.step(
        `dbt: ${label} done in ${result.seconds.toFixed(1)}s — ${result.summary ?? 'no summary'}`,
      );
    });
  };

  const periods = slicePeriods(input.messages, options.periods);
  for (const [index, slice] of periods.entries()) {
    if (stopping) break;
    const label = `period ${index + 1}/${periods.length}`;
    const periodAccounting = await clock.time('ingest', () => ingest(label, slice));
    accounting = addAccounting(accounting, periodAccounting);
    reporter.step(
      `ingest: ${label} — ${periodAccounting.landed} landed, ${periodAccounting.rejected} rejected, ${periodAccounting.deadLettered} dead-lettered, ${periodAccounting.unaccounted} unaccounted`,
    );
    await dbtRound(label);
  }

  if (!options.input && !stopping && (options.liveSeconds > 0 || options.keepRunning)) {
    const next = liveSource({
      seed: options.seed,
      chaos: CHAOS_PRESETS[options.chaos],
      untilStopped: options.keepRunning,
    });
    const liveEnd = environment.now() + options.liveSeconds * 1000;
    let lastDbt = environment.now();
    // In live mode dbt runs beside ingestion, as in production: Bronze lands in files dbt only reads.
    let dbtInFlight: Promise<void> | undefined;
    let dbtFailure: unknown;
    let sent = 0;
    /** The live stream: a batch each tick at the offered rate, dbt on its schedule beside it. */
    async function* liveStream(): AsyncIterable<TrackedMessage> {
      while (!stopping && (options.keepRunning || environment.now() < liveEnd)) {
        if (dbtFailure !== undefined) throw dbtFailure;
        const tickStarted = environment.now();
        const batch = next(Math.max(1, Math.round(options.rate * LIVE_TICK_SECONDS)));
        yield* batch;
        sent += batch.length;
        reporter.progress('live', sent, sent);
        if (
          options.keepRunning &&
          !dbtInFlight &&
          environment.now() - lastDbt >= options.dbtEverySeconds * 1000
        ) {
          lastDbt = environment.now();
          dbtInFlight = dbtRound('live')
            .catch((error: unknown) => {
              dbtFailure = error;
            })
            .finally(() => {
              dbtInFlight = undefined;
            });
        }
        const spare = LIVE_TICK_SECONDS * 1000 - (environment.now() - tickStarted);
        if (spare > 0) await Promise.race([sleep(spare), environment.stopRequested]);
      }
      await dbtInFlight;
      if (dbtFailure !== undefined) throw dbtFailure;
    }
    await clock.time('live', async () => {
      const collections = collectPeriodically(FULL_COLLECTION_EVERY_MS);
      const { accounting: live } = await stack
        .ingest(liveStream(), {
          settleTimeoutMs: LIVE_SETTLE_MS,
          pollIntervalMs: 500,
          onProgress: liveStatus((line) => reporter.step(line), undefined, undefined, {
            ...PROCESS_MEMORY,
            collections,
          }),
        })
        .finally(() => collections.stop());
      accounting = addAccounting(accounting, live);
      reporter.step(
        `live: ${live.published} published — ${live.landed} landed, ${live.rejected} rejected, ${live.deadLettered} dead-lettered, ${live.unaccounted} unaccounted`,
      );
    });
    await dbtRound('after live stream');
  }

  if (dbtRounds > 0 && !stopping) {
    await clock.time('dbt', async () => {
      reporter.step(
        'dbt: nightly checks — the value tests the rounds leave out (selector nightly_checks)',
      );
      const checks = await runDbtStep(NIGHTLY_CHECKS_ARGS, dbtContext);
      reporter.step(
        `dbt: nightly checks done in ${checks.seconds.toFixed(1)}s — ${checks.summary ?? 'no summary'}`,
      );
    });
  }

  const freshness = await clock.time('dbt', () => runDbt(FRESHNESS_ARGS, dbtContext));
  reporter.step(
    `dbt: source freshness ${freshness.ok ? 'ok' : 'reports stale sources (expected when replaying old data)'} (${freshness.seconds.toFixed(1)}s)`,
  );

  const dashboard = await clock.time('dashboard', async () => {
    reporter.step('dashboard: rendering the Gold marts');
    return generateDashboard({
      warehouse,
      out: options.dashboard,
      now: new Date(environment.now()),
      reportingCurrency: options.reportingCurrency,
    });
  });

  await cleanup.run();
  const figures = await readWarehouseFigures(warehouse);
  return {
    input: input.description,
    accounting,
    warehouse: figures,
    reportingCurrency: options.reportingCurrency,
    dashboardPath: dashboard.path,
    warehousePath: warehouse,
    stageSeconds: [...clock.seconds],
    dbtRounds,
  };
}

function killIfRunning(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

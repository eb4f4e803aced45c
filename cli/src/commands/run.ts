import type { Command } from 'commander';
import { ProgressBar } from '../progress.js';
import { parseRunOptions, RUN_DEFAULTS } from '../run/options.js';
import type { RunReporter } from '../run/pipeline.js';
import { Cleanup } from '../run/stages.js';

/** A reporter on stderr: step lines always, a progress bar only on a terminal. */
function stderrReporter(): RunReporter {
  let bar: ProgressBar | undefined;
  let barLabel = '';
  let barDone = 0;
  const enabled = ProgressBar.shouldShow(process.stderr, undefined);
  return {
    step(line) {
      bar?.finish();
      bar = undefined;
      process.stderr.write(`▸ ${line}\n`);
    },
    progress(label, done, total) {
      if (!enabled) return;
      if (!bar || barLabel !== label) {
        bar?.finish();
        bar = new ProgressBar({ label: `ingest ${label}`, total, stream: process.stderr, enabled });
        barLabel = label;
        barDone = 0;
      }
      const clamped = Math.max(barDone, Math.min(Math.round(done), total));
      bar.tick(clamped - barDone);
      barDone = clamped;
    },
  };
}

/** `salesflow run`: the whole local pipeline, what `npm start` runs. */
export function register(program: Command): void {
  program
    .command('run')
    .description(
      'run the whole local pipeline: Pub/Sub emulator → ingestSales → Bronze (DuckDB) → dbt period by period → dashboard, then print a summary',
    )
    .option('--events <n>', 'messages in the generated backfill', RUN_DEFAULTS.events)
    .option('--days <n>', 'days the backfill covers (ending yesterday)', RUN_DEFAULTS.days)
    .option(
      '--periods <n>',
      'ingest and run the dbt schedule in this many steps (snapshots see each)',
      RUN_DEFAULTS.periods,
    )
    .option('--seed <n>', 'generator seed', RUN_DEFAULTS.seed)
    .option('--rate <events/s>', 'rate of the live stream after the backfill', RUN_DEFAULTS.rate)
    .option('--live-seconds <n>', 'length of the live stream (0 = none)', RUN_DEFAULTS.liveSeconds)
    .option(
      '--chaos <level>',
      'duplicates, late, out-of-order, conflicting and invalid messages: off | default | heavy',
      RUN_DEFAULTS.chaos,
    )
    .option(
      '--reporting-currency <code>',
      'currency Gold reports in',
      RUN_DEFAULTS.reportingCurrency,
    )
    .option(
      '--warehouse <path>',
      'DuckDB warehouse file (replaced by the run)',
      RUN_DEFAULTS.warehouse,
    )
    .option('--dashboard <file>', 'where to write the HTML dashboard', RUN_DEFAULTS.dashboard)
    .option('--input <file>', 'replay the lines of FILE as the raw messages instead of generating')
    .option(
      '--fx <file>',
      'with --input: NDJSON fx_rates rows to use instead of the generator FX model',
    )
    .option(
      '--keep-running',
      'stay in live mode: ingestion continues while dbt runs on its schedule, until Ctrl-C',
    )
    .option(
      '--dbt-every <seconds>',
      'with --keep-running: seconds between dbt rounds',
      RUN_DEFAULTS.dbtEverySeconds,
    )
    .action(async (raw: Record<string, unknown>) => {
      const options = parseRunOptions({
        ...raw,
        dbtEverySeconds: raw['dbtEvery'],
        keepRunning: raw['keepRunning'] === true,
      });
      const [{ runPipeline }, { renderSummary }] = await Promise.all([
        import('../run/pipeline.js'),
        import('../run/summary.js'),
      ]);
      const cleanup = new Cleanup();
      let requestStop: () => void = () => undefined;
      const stopRequested = new Promise<void>((resolveStop) => {
        requestStop = resolveStop;
      });
      let interrupts = 0;
      let interrupted = false;
      const onSignal = (signal: NodeJS.Signals): void => {
        interrupts += 1;
        requestStop();
        if (options.keepRunning && interrupts === 1) {
          process.stderr.write('\n▸ stopping after the current step (Ctrl-C again to stop now)\n');
          return;
        }
        interrupted = true;
        process.stderr.write(`\n▸ ${signal}: stopping every process the run started\n`);
        void cleanup.run().finally(() => process.exit(130));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await runPipeline(options, stderrReporter(), {
          now: Date.now,
          stopRequested,
          cleanup,
        }).catch(async (error: unknown) => {
          // After Ctrl-C, failures of the processes being stopped are expected: exit 130 follows.
          if (interrupted) await new Promise(() => undefined);
          throw error;
        });
        process.stdout.write(renderSummary(summary));
        if (summary.accounting.unaccounted > 0) {
          throw new Error(`${summary.accounting.unaccounted} messages are unaccounted for`);
        }
      } finally {
        await cleanup.run();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

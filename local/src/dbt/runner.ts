import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, venvBin } from '../../../scripts/toolchain.mjs';
import type { DbtWorker } from './worker.js';

/** Where and how dbt runs against the local warehouse. */
export interface DbtContext {
  /** The DuckDB warehouse file. */
  readonly warehouse: string;
  /** `--vars` for every invocation (e.g. the reporting currency). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Receives every line dbt prints. */
  readonly onLine?: (line: string) => void;
  /** Called with the child's pid when it starts, so a caller can interrupt it (with a `worker`,
   * the worker reports its own pid instead). */
  readonly onStart?: (pid: number) => void;
  /** Runs the commands in this long-lived dbt process instead of starting `dbt` for each. */
  readonly worker?: DbtWorker;
}

/** The outcome of one dbt command. */
export interface DbtResult {
  readonly args: readonly string[];
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly seconds: number;
  /** dbt's closing `Done. PASS=… WARN=… ERROR=… SKIP=… TOTAL=…` line, when it printed one. */
  readonly summary: string | undefined;
  /** The last lines of output, for error messages. */
  readonly tail: readonly string[];
}

/** The project directory of the dbt project. */
export const DBT_PROJECT_DIR = join(ROOT, 'dbt');

/**
 * Runs one dbt command (e.g. `['build', '--selector', 'build_silver']`) on the `local` target.
 * Artefacts and logs go beside the warehouse, so runs on different warehouses never share state.
 */
export function runDbt(args: readonly string[], context: DbtContext): Promise<DbtResult> {
  const warehouse = resolve(context.warehouse);
  const workDir = join(dirname(warehouse), 'dbt');
  mkdirSync(workDir, { recursive: true });
  const fullArgs = [
    ...args,
    '--project-dir',
    DBT_PROJECT_DIR,
    '--profiles-dir',
    DBT_PROJECT_DIR,
    '--target',
    'local',
    '--target-path',
    join(workDir, 'target'),
    '--log-path',
    join(workDir, 'logs'),
    // dbt's per-query debug log and its JSON artefacts cost every scheduled round in dbt's own
    // Python; the runner reads neither, and `dbt.log` keeps every node's result.
    '--log-level-file',
    'info',
    '--no-write-json',
    '--vars',
    JSON.stringify(context.vars),
  ];
  const env = {
    SALESFLOW_WAREHOUSE: warehouse,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_USE_COLORS: 'false',
  };
  const started = performance.now();
  const tail: string[] = [];
  let summary: string | undefined;
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (/Done\. PASS=/.test(line)) summary = line.replace(/^.*?Done\. /, '').trim();
    context.onLine?.(line);
  };
  const result = (exitCode: number | null): DbtResult => ({
    args,
    ok: exitCode === 0,
    exitCode,
    seconds: (performance.now() - started) / 1000,
    summary,
    tail,
  });
  if (context.worker) {
    return context.worker.run(fullArgs, env, onLine).then((reply) => {
      if (reply.error) onLine(reply.error);
      return result(reply.exitCode);
    });
  }
  return new Promise((resolveResult, reject) => {
    const child = spawn(venvBin('dbt', 'dbt'), fullArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) context.onStart?.(child.pid);
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', reject);
    child.once('close', (exitCode) => resolveResult(result(exitCode)));
  });
}

/**
 * One scheduled round: the `hourly` selector is build_silver → snapshot → build_gold, the steps the
 * Composer DAG runs as separate tasks, here in one dbt process to pay dbt's start-up once.
 */
export const ROUND_ARGS: readonly string[] = ['build', '--selector', 'hourly'];
/**
 * The value checks the scheduled rounds leave to the nightly build (selector `nightly_checks`), run
 * once at the end of a local run; `dbt test` on its own checks every row.
 */
export const NIGHTLY_CHECKS_ARGS: readonly string[] = ['test', '--selector', 'nightly_checks'];
/** Source freshness; a warning in a replay of old data, as it is a separate alert in production. */
export const FRESHNESS_ARGS: readonly string[] = ['source', 'freshness', '--selector', 'freshness'];

/** A failed dbt step, with the tail of its output. */
export class DbtStepError extends Error {
  constructor(readonly result: DbtResult) {
    super(
      `dbt ${result.args.join(' ')} failed (exit ${result.exitCode}): ${result.tail.slice(-8).join(' | ')}`,
    );
  }
}

/** Runs one dbt command; throws {@link DbtStepError} when it fails. */
export async function runDbtStep(args: readonly string[], context: DbtContext): Promise<DbtResult> {
  const result = await runDbt(args, context);
  if (!result.ok) throw new DbtStepError(result);
  return result;
}

/**
 * The vars a scheduled round adds: it re-reads `round_lookback_hours` of ingestion, as the hourly
 * DAG does, rather than the nightly build's `lookback_days` (`dbt/dbt_project.yml`).
 */
export const ROUND_VARS: Readonly<Record<string, unknown>> = { scheduled_round: true };

/** Runs one scheduled round; throws {@link DbtStepError} when it fails. */
export function runRound(context: DbtContext): Promise<DbtResult> {
  return runDbtStep(ROUND_ARGS, { ...context, vars: { ...context.vars, ...ROUND_VARS } });
}

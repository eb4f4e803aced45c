/**
 * Runs the venv's dbt against the salesflow project with its own warehouse file and its own
 * target/log directories, so several suites can run side by side.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ROOT, venvBin } from '../../../scripts/toolchain.mjs';

/** The dbt project directory. */
export const DBT_PROJECT_DIR = resolve(ROOT, 'dbt');

export interface DbtRunnerOptions {
  /** DuckDB warehouse file (target `local`). */
  readonly warehouse: string;
  /** Directory for this runner's target/ and logs/. */
  readonly workDir: string;
  readonly target?: 'local' | 'bigquery';
  /** Extra environment for the dbt process (e.g. BQ_PROJECT for the bigquery target). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunOptions {
  /** dbt `--vars` (changing them makes dbt re-parse the whole project). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Extra environment for this invocation only (e.g. SALESFLOW_AS_OF). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface DbtResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Path of a venv executable, failing with a setup hint when the venv is missing. */
export function dbtVenvBin(executable: string): string {
  const path = venvBin('dbt', executable);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`node scripts/setup.mjs --only venv:dbt\``);
  return path;
}

/** A dbt command line bound to one warehouse and one target directory. */
export class DbtRunner {
  constructor(private readonly options: DbtRunnerOptions) {}

  get targetDir(): string {
    return join(this.options.workDir, 'target');
  }

  /** Runs `dbt <args>`; resolves with its exit code and combined output. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<DbtResult> {
    const { vars, env } = options;
    await mkdir(this.options.workDir, { recursive: true });
    const fullArgs = [
      ...args,
      '--project-dir', DBT_PROJECT_DIR,
      '--profiles-dir', DBT_PROJECT_DIR,
      '--target', this.options.target ?? 'local',
      '--target-path', this.targetDir,
      '--log-path', join(this.options.workDir, 'logs'),
      ...(vars ? ['--vars', JSON.stringify(vars)] : []),
    ];
    const started = process.hrtime.bigint();
    const child = spawn(dbtVenvBin('dbt'), fullArgs, {
      cwd: ROOT,
      env: {
        ...process.env,
        SALESFLOW_WAREHOUSE: this.options.warehouse,
        DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
        DBT_USE_COLORS: 'false',
        ...this.options.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await new Promise<number>((done, fail) => {
      child.on('error', fail);
      child.on('close', (exit) => done(exit ?? 1));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { code, output: Buffer.concat(chunks).toString('utf8'), seconds };
  }

  /** Like `run`, but throws with the failing part of the output when dbt exits non-zero. */
  async runOk(args: readonly string[], options: RunOptions = {}): Promise<DbtResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      const interesting = result.output
        .split('\n')
        .filter((line) => /error|fail|warn/i.test(line))
        .slice(0, 60)
        .join('\n');
      throw new Error(`dbt ${args.join(' ')} exited with ${result.code}\n${interesting}\n--- tail ---\n${result.output.split('\n').slice(-40).join('\n')}`);
    }
    return result;
  }
}

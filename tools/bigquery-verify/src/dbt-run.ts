/**
 * Runs a dbt command for the `bigquery` target through the BigQuery API stand-in
 * (`dbt_standin.py` in the dbt virtual environment), serving its requests with a
 * {@link ControlPlane}.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { ROOT, venvBin } from '../../../scripts/toolchain.mjs';
import type { ControlPlane } from './control-plane.js';

const HARNESS = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'dbt_standin.py');

/** Where and how dbt runs. */
export interface DbtInvocation {
  readonly projectDir: string;
  /** Scratch directory for dbt's target/ and logs/. */
  readonly workDir: string;
  /** BigQuery project the profile names (never contacted). */
  readonly project: string;
  readonly args: readonly string[];
  readonly vars?: Readonly<Record<string, unknown>>;
}

/** dbt's exit code and its console output. */
export interface DbtOutcome {
  readonly code: number;
  readonly output: string;
}

/** The dbt venv's python, or a one-line error saying how to build it. */
export function dbtPython(): string {
  const python = venvBin('dbt', 'python');
  if (!existsSync(python)) {
    throw new Error(
      `the dbt virtual environment is missing: run \`node scripts/setup.mjs --only venv:dbt\``,
    );
  }
  return python;
}

/** Runs dbt with the stand-in; resolves when dbt exits. */
export async function runDbt(invocation: DbtInvocation, plane: ControlPlane): Promise<DbtOutcome> {
  const args = [
    HARNESS,
    ...invocation.args,
    '--project-dir',
    invocation.projectDir,
    '--profiles-dir',
    invocation.projectDir,
    '--target',
    'bigquery',
    '--target-path',
    join(invocation.workDir, 'target'),
    '--log-path',
    join(invocation.workDir, 'logs'),
    '--no-partial-parse',
    ...(invocation.vars ? ['--vars', JSON.stringify(invocation.vars)] : []),
  ];
  const child = spawn(dbtPython(), args, {
    cwd: ROOT,
    env: {
      ...process.env,
      BQ_PROJECT: invocation.project,
      BQ_LOCATION: 'EU',
      BQ_AUTH_METHOD: 'oauth-secrets',
      BQ_OAUTH_TOKEN: 'stand-in-never-sent',
      // One thread: statements reach the catalog in dependency order, and runs are repeatable.
      DBT_THREADS: '1',
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      DBT_USE_COLORS: 'false',
      PYTHONUNBUFFERED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const requests = child.stdio[3] as Readable;
  const answers = child.stdio[4] as Writable;
  answers.on('error', () => undefined);
  const served = (async () => {
    for await (const line of createInterface({ input: requests, crlfDelay: Infinity })) {
      let answer: unknown;
      try {
        answer = await plane.answer(JSON.parse(line) as Parameters<ControlPlane['answer']>[0]);
      } catch (error) {
        answer = { ok: false, message: `stand-in failure: ${(error as Error).message}` };
      }
      answers.write(`${JSON.stringify(answer)}\n`);
    }
  })();
  const code = await new Promise<number>((done, fail) => {
    child.once('error', fail);
    child.once('close', (exit) => done(exit ?? 1));
  });
  await served;
  return { code, output: Buffer.concat(chunks).toString('utf8') };
}

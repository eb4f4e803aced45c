import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ROOT, venvBin } from '../../../scripts/toolchain.mjs';

/** What the worker answered for one command; a `null` exit code: the worker died during it. */
export interface WorkerReply {
  readonly exitCode: number | null;
  readonly error: string | null;
  /** Whether the command ran on a project parsed for it or on the previous command's unchanged
   * one; `null` for a command that parsed for itself (or that never ran). */
  readonly manifest: 'parsed' | 'reused' | null;
  /** Macro templates the command compiled for itself: none when it ran on the worker's parse, which
   * compiles them all once; `null` when the worker did not say. */
  readonly macrosCompiled: number | null;
  /** Events dbt fired that no log of the command would have written, skipped before being built;
   * `null` when the worker did not say. */
  readonly eventsSkipped: number | null;
}

export interface DbtWorkerOptions {
  /** Called with the worker's pid each time one starts, so a caller can stop it. */
  readonly onStart?: (pid: number) => void;
}

/** The worker script, run by the dbt venv's Python. */
export const DBT_WORKER_SCRIPT = fileURLToPath(new URL('./dbt_worker.py', import.meta.url));

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  /** Receives the reply of the command in flight. */
  answer: ((reply: WorkerReply) => void) | undefined;
  /** Receives dbt's output lines of the command in flight. */
  output: ((line: string) => void) | undefined;
}

/**
 * One long-lived dbt process (`dbt_worker.py` beside this file): dbt is imported and its adapter
 * registered once, not once per command, which is seconds per scheduled round. Each command runs in a
 * child forked from the worker, so the worker does not grow with the commands it serves. Commands
 * run one at a time, in the order given; a worker that dies (killed, crashed) is replaced by the next
 * command, and takes the command it was running with it.
 */
export class DbtWorker {
  #running: Running | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DbtWorkerOptions = {}) {}

  /** Runs `dbt <args>` with `env` added; `onLine` receives dbt's output lines. */
  run(
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    onLine: (line: string) => void,
  ): Promise<WorkerReply> {
    const next = this.#queue.then(() => this.#runNow(args, env, onLine));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the worker (the next command would start a new one). */
  async close(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#running = undefined;
    const exited = new Promise<void>((done) => running.child.once('exit', () => done()));
    running.child.stdin.end();
    const killTimer = setTimeout(() => running.child.kill('SIGTERM'), 5_000);
    await exited;
    clearTimeout(killTimer);
  }

  async #runNow(
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    onLine: (line: string) => void,
  ): Promise<WorkerReply> {
    const running = this.#running ?? this.#start();
    await running.ready;
    return new Promise<WorkerReply>((resolve) => {
      running.output = onLine;
      running.answer = (answer) => {
        running.output = undefined;
        running.answer = undefined;
        resolve(answer);
      };
      running.child.stdin.write(`${JSON.stringify({ args, env })}\n`);
    });
  }

  #start(): Running {
    const child = spawn(venvBin('dbt', 'python'), [DBT_WORKER_SCRIPT], {
      cwd: ROOT,
      env: process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.options.onStart?.(child.pid);
    const tail: string[] = [];
    let markReady: () => void = () => undefined;
    let failStart: (error: Error) => void = () => undefined;
    const running: Running = {
      child,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      answer: undefined,
      output: undefined,
    };
    this.#running = running;
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      running.output?.(line);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = parseMessage(line);
      if (message === 'ready') markReady();
      else if (message) running.answer?.(message);
    });
    const gone = (reason: string): void => {
      if (this.#running === running) this.#running = undefined;
      failStart(
        new Error(`the dbt worker ${reason} before it was ready: ${tail.slice(-8).join(' | ')}`),
      );
      running.answer?.({
        exitCode: null,
        error: `the dbt worker ${reason}`,
        manifest: null,
        macrosCompiled: null,
        eventsSkipped: null,
      });
    };
    child.once('error', (error) => gone(`could not start (${error.message})`));
    child.once('exit', (code, signal) =>
      gone(signal ? `was stopped by ${signal}` : `exited with ${code}`),
    );
    return running;
  }
}

function parseMessage(line: string): 'ready' | WorkerReply | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  if (record['ready'] === true) return 'ready';
  const exitCode = record['exitCode'];
  const error = record['error'];
  const manifest = record['manifest'];
  const macrosCompiled = record['macrosCompiled'];
  const eventsSkipped = record['eventsSkipped'];
  if (typeof exitCode !== 'number') return undefined;
  return {
    exitCode,
    error: typeof error === 'string' ? error : null,
    manifest: manifest === 'parsed' || manifest === 'reused' ? manifest : null,
    macrosCompiled: typeof macrosCompiled === 'number' ? macrosCompiled : null,
    eventsSkipped: typeof eventsSkipped === 'number' ? eventsSkipped : null,
  };
}

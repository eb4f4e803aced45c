import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const FUNCTION_HOST = resolve(dirname(fileURLToPath(import.meta.url)), 'function-host.ts');
/**
 * A request's objects live until its batch is committed, tens of milliseconds: a young generation
 * larger than V8's default lets most of them die there instead of being copied into the old one.
 * V8's collector is exposed for the host's periodic full collections (see full-collection.ts).
 */
const NODE_FLAGS = ['--max-semi-space-size=32', '--expose-gc'];

/** Options of {@link startFunctionProcess}. */
export interface FunctionProcessOptions {
  /** Registered function name, e.g. `ingestSales`. */
  target: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Environment of the process (the functions' configuration lives here). */
  env: Record<string, string | undefined>;
  /** Receives each line the process prints (its JSON logs). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  startTimeoutMs?: number;
}

/** A running Functions Framework server in its own process. */
export interface FunctionProcess {
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Ends the process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Kills the process at once, as a crash would. */
  kill(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

/**
 * Starts a function on the Functions Framework server (see function-host.ts) in a separate
 * process that can be stopped or killed. Resolves once it accepts connections.
 */
export async function startFunctionProcess(
  options: FunctionProcessOptions,
): Promise<FunctionProcess> {
  const port = options.port ?? (await freePort());
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      '--import',
      tsxLoader,
      FUNCTION_HOST,
      `--target=${options.target}`,
      `--port=${port}`,
    ],
    { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const recentErrors: string[] = [];
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    if (!stream) continue;
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      if (name === 'stderr') {
        recentErrors.push(line);
        if (recentErrors.length > 5) recentErrors.shift();
      }
      options.onLine?.(line, name);
    });
  }
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await canConnect(port))) {
    if (hasExited) {
      const why = recentErrors.join(' | ').slice(0, 500);
      throw new Error(
        `the ${options.target} function process exited during start-up (code ${await exited})${why ? `: ${why}` : ''}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `the ${options.target} function process did not listen on port ${port} in time`,
      );
    }
    await sleep(100);
  }

  const end = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (hasExited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    exited,
    stop: (graceMs = 5_000) => end('SIGTERM', graceMs),
    kill: () => end('SIGKILL', 0),
  };
}

/** Options of {@link startLocalIngestFunction}. */
export interface LocalIngestFunctionOptions extends Omit<FunctionProcessOptions, 'target' | 'env'> {
  /** The DuckDB warehouse whose Bronze landing files the function writes. */
  warehousePath: string;
  /** `LOG_LEVEL` of the function (default `warning`). */
  logLevel?: 'debug' | 'info' | 'warning' | 'error';
}

/** ingestSales in its own process, landing Bronze in a local DuckDB warehouse. */
export function startLocalIngestFunction(
  options: LocalIngestFunctionOptions,
): Promise<FunctionProcess> {
  const { warehousePath, logLevel = 'warning', ...processOptions } = options;
  return startFunctionProcess({
    ...processOptions,
    target: 'ingestSales',
    env: {
      ...process.env,
      WAREHOUSE_PATH: warehousePath,
      LOG_LEVEL: logLevel,
    },
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ensurePubsubEmulator, pubsubEmulatorBin } from '../../../scripts/toolchain.mjs';

/** A running pstest Pub/Sub emulator. */
export interface RunningEmulator {
  /** `HOST:PORT` for `PUBSUB_EMULATOR_HOST` or the client's `apiEndpoint`. */
  readonly host: string;
  readonly projectId: string;
  readonly pid: number;
  /** Stops the emulator and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  readonly projectId?: string;
  /** Keep running after this process exits (used by `salesflow emulators start`). */
  readonly detached?: boolean;
}

/** Project id the local world uses; the emulator accepts any. */
export const LOCAL_PROJECT_ID = 'salesflow-local';

const READY_TIMEOUT_MS = 30_000;

/** Builds the emulator if needed (cached) and starts it on loopback. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  ensurePubsubEmulator();
  const detached = options.detached ?? false;
  const child = spawn(
    pubsubEmulatorBin(),
    ['--host', '127.0.0.1', '--port', String(options.port ?? 0), `--exit-with-parent=${!detached}`],
    { stdio: ['ignore', 'pipe', 'pipe'], detached },
  );
  const address = await waitForReady(child);
  if (detached) {
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
  }
  const pid = child.pid ?? -1;
  return {
    host: address,
    projectId: options.projectId ?? LOCAL_PROJECT_ID,
    pid,
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Pub/Sub emulator did not start within ${READY_TIMEOUT_MS / 1000}s`));
    }, READY_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Pub/Sub emulator exited with ${code}: ${stderr.trim()}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      lines.close();
      try {
        const ready = JSON.parse(line) as { ready?: boolean; address?: string };
        if (ready.ready === true && typeof ready.address === 'string') resolve(ready.address);
        else reject(new Error(`unexpected emulator output: ${line}`));
      } catch {
        reject(new Error(`unexpected emulator output: ${line}`));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What `salesflow emulators start` leaves behind so `status` and `stop` can find the emulator. */
export interface EmulatorState {
  readonly pid: number;
  readonly host: string;
  readonly projectId: string;
  readonly startedAt: string;
}

/** Path of the state file under the local directory. */
export function statePath(localDir: string): string {
  return join(localDir, 'emulators', 'pubsub.json');
}

export function readState(localDir: string): EmulatorState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(localDir), 'utf8')) as EmulatorState;
  } catch {
    return undefined;
  }
}

export function writeState(localDir: string, state: EmulatorState): void {
  const path = statePath(localDir);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(localDir: string): void {
  rmSync(statePath(localDir), { force: true });
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { readFileSync } from 'node:fs';
import { descendants } from '@salesflow/local/test/support/processes';

/** The long-lived processes of a local run, by what they do. */
export type ProcessRole =
  | 'runner'
  | 'function host'
  | 'dbt worker'
  | 'dbt command'
  | 'emulator'
  | 'dbt (one-off)'
  | 'other';

const runsDbtWorker = (cmdline: readonly string[]): boolean =>
  cmdline.some((part) => part.endsWith('dbt_worker.py'));

/**
 * What a process of the run's tree is, from its command line and its parent's. The dbt worker runs
 * each command in a child forked from it, with the same command line: a `dbt command` comes and
 * goes with each round and is not the worker's own growth.
 */
export function roleOf(
  pid: number,
  runnerPid: number,
  cmdline: readonly string[],
  parentCmdline: readonly string[] = [],
): ProcessRole {
  if (pid === runnerPid) return 'runner';
  if (cmdline.some((part) => part.endsWith('function-host.ts'))) return 'function host';
  if (runsDbtWorker(cmdline)) return runsDbtWorker(parentCmdline) ? 'dbt command' : 'dbt worker';
  if (cmdline.some((part) => /(^|\/)pubsub-emulator[^/]*$/.test(part))) return 'emulator';
  if (cmdline.some((part) => /(^|\/)dbt$/.test(part))) return 'dbt (one-off)';
  return 'other';
}

/** Each process of the run's tree with its role and resident memory (MiB, `VmRSS`). */
function processesOf(runnerPid: number): Array<{ pid: number; role: ProcessRole; rssMiB: number }> {
  const found = [];
  for (const pid of [runnerPid, ...descendants(runnerPid)]) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const parent = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const role = roleOf(pid, runnerPid, cmdline, commandLine(parent));
      found.push({ pid, role, rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024 });
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found;
}

/** Resident memory (MiB, `VmRSS`) of the run's process tree, summed by role. */
export function residentMiBByRole(runnerPid: number): Partial<Record<ProcessRole, number>> {
  const byRole: Partial<Record<ProcessRole, number>> = {};
  for (const { role, rssMiB } of processesOf(runnerPid))
    byRole[role] = (byRole[role] ?? 0) + rssMiB;
  return byRole;
}

/** The process ids of the run's tree by role. */
export function pidsByRole(runnerPid: number): Map<ProcessRole, number[]> {
  const byRole = new Map<ProcessRole, number[]>();
  for (const { pid, role } of processesOf(runnerPid)) {
    const pids = byRole.get(role) ?? [];
    pids.push(pid);
    byRole.set(role, pids);
  }
  return byRole;
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

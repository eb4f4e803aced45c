import { readFileSync } from 'node:fs';
import { descendants } from '@salesflow/local/test/support/processes';

/** The long-lived processes of a local run, by what they do. */
export type ProcessRole =
  'runner' | 'function host' | 'dbt worker' | 'emulator' | 'dbt (one-off)' | 'other';

/** What a process of the run's tree is, from its command line. */
export function roleOf(pid: number, runnerPid: number, cmdline: readonly string[]): ProcessRole {
  if (pid === runnerPid) return 'runner';
  if (cmdline.some((part) => part.endsWith('function-host.ts'))) return 'function host';
  if (cmdline.some((part) => part.endsWith('dbt_worker.py'))) return 'dbt worker';
  if (cmdline.some((part) => /(^|\/)pubsub-emulator[^/]*$/.test(part))) return 'emulator';
  if (cmdline.some((part) => /(^|\/)dbt$/.test(part))) return 'dbt (one-off)';
  return 'other';
}

/** Resident memory (MiB, `VmRSS`) of the run's process tree, summed by role. */
export function residentMiBByRole(runnerPid: number): Partial<Record<ProcessRole, number>> {
  const byRole: Partial<Record<ProcessRole, number>> = {};
  for (const pid of [runnerPid, ...descendants(runnerPid)]) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const role = roleOf(pid, runnerPid, cmdline);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      byRole[role] = (byRole[role] ?? 0) + rss;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return byRole;
}

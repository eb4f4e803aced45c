import { readdirSync, readFileSync } from 'node:fs';
import { openDuckDbReader } from '../src/dashboard/duckdb-reader.js';

/** Rows of a read-only query on a warehouse file (through the dashboard's read-only port). */
export async function queryWarehouse(
  warehouse: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const reader = await openDuckDbReader(warehouse);
  try {
    return await reader.all(sql);
  } finally {
    reader.close();
  }
}

/** Every live process whose ancestry leads to `root` (read from /proc). */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after it.
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(afterName[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

/** True while a process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** True while `pid` is a live dbt worker (`dbt_worker.py` of @salesflow/local). */
export function isDbtWorker(pid: number): boolean {
  try {
    return isRunning(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dbt_worker.py');
  } catch {
    return false;
  }
}

/** The number printed after `label` in the run summary (thousands separators removed). */
export function summaryNumber(summary: string, label: string): number {
  const match = new RegExp(`^\\s+${label}\\s+([\\d,.]+)`, 'm').exec(summary);
  if (!match) throw new Error(`summary has no "${label}" line:\n${summary}`);
  return Number(match[1]!.replaceAll(',', ''));
}

/**
 * What the kernel accounts for another process, read from `/proc` (Linux only): the benchmarks
 * measure a server from outside, so nothing in the server changes to be measured.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Ticks per second of the CPU times in `/proc/<pid>/stat` (`getconf CLK_TCK`, nearly always 100). */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/**
 * CPU time (user + system, every thread) a process has used so far, in microseconds, from
 * `/proc/<pid>/stat` fields 14 and 15. The resolution is one clock tick (10 ms at 100 Hz).
 */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`cannot read CPU times from /proc/${pid}/stat`);
  return ((utime + stime) * 1e6) / ticksPerSecond();
}

/** Peak resident set size of a process (`VmHWM` in `/proc/<pid>/status`), in MiB. */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

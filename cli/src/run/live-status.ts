import type { IngestProgress } from '@salesflow/local';
import { median } from '../median.js';

const count = (n: number): string => n.toLocaleString('en-US');
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/**
 * A status line at a fixed interval for a live stream that may run for days: where its messages
 * are, what the accounting's looks cost against how much has landed — a look reads only what is
 * new, so its cost stays flat however long the stream runs — and the process's memory: resident,
 * its JavaScript heap in use and reserved, and the memory V8 tracks outside it (buffers). What grows
 * in the resident figure and in none of the others is native memory (DuckDB, the allocator).
 */
export function liveStatus(
  step: (line: string) => void,
  everyMs = 60_000,
  now: () => number = Date.now,
  memory: () => Pick<
    NodeJS.MemoryUsage,
    'rss' | 'heapUsed' | 'heapTotal' | 'external'
  > = process.memoryUsage,
): (progress: IngestProgress) => void {
  let since = now();
  let pollMs: number[] = [];
  return ({ accounting, poll }) => {
    if (poll) pollMs.push(poll.ms);
    if (!accounting || !poll || now() - since < everyMs) return;
    since = now();
    const { published, landed, rejected, deadLettered, unaccounted } = accounting;
    const { rss, heapUsed, heapTotal, external } = memory();
    step(
      `live: ${count(published)} published — ${count(landed)} landed, ${count(rejected)} rejected, ` +
        `${count(deadLettered)} dead-lettered, ${count(unaccounted)} on their way (${count(poll.underWay)} held); ` +
        `polls since the last status: ${pollMs.length}, median ${median(pollMs).toFixed(1)} ms, ` +
        `max ${Math.max(...pollMs).toFixed(1)} ms; ${count(poll.filesInAll)} files / ${count(poll.rowsInAll)} rows read in all; ` +
        `memory ${mib(rss)} MiB resident, ${mib(heapUsed)} MiB JavaScript heap ` +
        `(${mib(heapTotal)} MiB reserved), ${mib(external)} MiB external`,
    );
    pollMs = [];
  };
}

/** The figures of one {@link liveStatus} line, memory in MiB. */
export interface LiveStatusFigures {
  polls: number;
  medianMs: number;
  maxMs: number;
  filesInAll: number;
  rowsInAll: number;
  memory: { residentMiB: number; heapMiB: number; heapReservedMiB: number; externalMiB: number };
}

const STATUS_FIGURES =
  /live: .*polls since the last status: ([\d,]+), median ([\d.]+) ms, max ([\d.]+) ms; ([\d,]+) files \/ ([\d,]+) rows read in all; memory ([\d.]+) MiB resident, ([\d.]+) MiB JavaScript heap \(([\d.]+) MiB reserved\), ([\d.]+) MiB external/;

/** Reads the figures back from a status line (for the soak); undefined for any other line. */
export function parseLiveStatus(line: string): LiveStatusFigures | undefined {
  const match = STATUS_FIGURES.exec(line);
  if (!match) return undefined;
  const [polls, medianMs, maxMs, files, rows, resident, heap, reserved, external] = match
    .slice(1)
    .map((text) => Number(text.replaceAll(',', '')));
  return {
    polls: polls!,
    medianMs: medianMs!,
    maxMs: maxMs!,
    filesInAll: files!,
    rowsInAll: rows!,
    memory: {
      residentMiB: resident!,
      heapMiB: heap!,
      heapReservedMiB: reserved!,
      externalMiB: external!,
    },
  };
}

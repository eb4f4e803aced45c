import { getHeapSpaceStatistics, type HeapSpaceInfo } from 'node:v8';
import { COLLECTOR_NOT_EXPOSED, type FullCollections, type IngestProgress } from '@salesflow/local';
import { median } from '../median.js';

const count = (n: number): string => n.toLocaleString('en-US');
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** The V8 heap's spaces a status line names, by V8's name for each. */
const SPACES = {
  new: 'new_space',
  old: 'old_space',
  code: 'code_space',
  'large objects': 'large_object_space',
  'new large objects': 'new_large_object_space',
} as const;

/** The memory a status line reports, as Node and V8 give it (injectable for tests). */
export interface MemoryProbe {
  usage: () => Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'heapTotal' | 'external'>;
  spaces: () => Pick<HeapSpaceInfo, 'space_name' | 'space_size' | 'space_used_size'>[];
  /** The periodic full collections, when the run asks for them. */
  collections?: Pick<FullCollections, 'count' | 'lastMs'>;
}

/** This process's memory. */
export const PROCESS_MEMORY: MemoryProbe = {
  usage: () => process.memoryUsage(),
  spaces: getHeapSpaceStatistics,
};

/**
 * A status line at a fixed interval for a live stream that may run for days: where its messages
 * are, what the accounting's looks cost against how much has landed — a look reads only what is
 * new, so its cost stays flat however long the stream runs — and the process's memory: resident,
 * its JavaScript heap in use and reserved, space by space, and the memory V8 tracks outside it
 * (buffers). What grows in the resident figure and in none of the others is native memory (DuckDB,
 * the allocator); what grows in one space and not the others says what kind of object holds it.
 */
export function liveStatus(
  step: (line: string) => void,
  everyMs = 60_000,
  now: () => number = Date.now,
  memory: MemoryProbe = PROCESS_MEMORY,
): (progress: IngestProgress) => void {
  let since = now();
  let pollMs: number[] = [];
  return ({ accounting, poll }) => {
    if (poll) pollMs.push(poll.ms);
    if (!accounting || !poll || now() - since < everyMs) return;
    since = now();
    const { published, landed, rejected, deadLettered, unaccounted } = accounting;
    const { rss, heapUsed, heapTotal, external } = memory.usage();
    const byName = new Map(memory.spaces().map((space) => [space.space_name, space]));
    const spaces = Object.entries(SPACES)
      .map(([label, name]) => {
        const space = byName.get(name);
        return `${label} ${mib(space?.space_used_size ?? 0)}/${mib(space?.space_size ?? 0)}`;
      })
      .join(', ');
    step(
      `live: ${count(published)} published — ${count(landed)} landed, ${count(rejected)} rejected, ` +
        `${count(deadLettered)} dead-lettered, ${count(unaccounted)} on their way (${count(poll.underWay)} held); ` +
        `polls since the last status: ${pollMs.length}, median ${median(pollMs).toFixed(1)} ms, ` +
        `max ${Math.max(...pollMs).toFixed(1)} ms; ${count(poll.filesInAll)} files / ${count(poll.rowsInAll)} rows read in all; ` +
        `memory ${mib(rss)} MiB resident, ${mib(heapUsed)} MiB JavaScript heap ` +
        `(${mib(heapTotal)} MiB reserved; in use/reserved by space: ${spaces}), ${mib(external)} MiB external` +
        collectionsNote(memory.collections),
    );
    pollMs = [];
  };
}

function collectionsNote(collections: MemoryProbe['collections']): string {
  if (!collections) return '';
  const { count: done, lastMs } = collections;
  if (done === undefined) return `; full collections: ${COLLECTOR_NOT_EXPOSED}`;
  return (
    `; full collections: ${count(done)}` +
    (lastMs === undefined ? '' : `, the last ${lastMs.toFixed(0)} ms`)
  );
}

/** The figures of one {@link liveStatus} line, memory in MiB. */
export interface LiveStatusFigures {
  polls: number;
  medianMs: number;
  maxMs: number;
  filesInAll: number;
  rowsInAll: number;
  memory: { residentMiB: number; heapMiB: number; heapReservedMiB: number; externalMiB: number };
  /** The heap's spaces by the line's label for each, MiB in use and reserved. */
  spaces: Record<string, { usedMiB: number; reservedMiB: number }>;
  /** Full collections the run asked for so far, and how long the last took; undefined when none were asked for. */
  fullCollections?: { count: number; lastMs: number | undefined };
}

const STATUS_FIGURES =
  /live: .*polls since the last status: ([\d,]+), median ([\d.]+) ms, max ([\d.]+) ms; ([\d,]+) files \/ ([\d,]+) rows read in all; memory ([\d.]+) MiB resident, ([\d.]+) MiB JavaScript heap \(([\d.]+) MiB reserved; in use\/reserved by space: ([^)]*)\), ([\d.]+) MiB external/;
const COLLECTION_FIGURES = /; full collections: ([\d,]*\d)(?:, the last (\d+) ms)?/;
const SPACE_FIGURES = /([a-z ]+) ([\d.]+)\/([\d.]+)/;

/** Reads the figures back from a status line (for the soak); undefined for any other line. */
export function parseLiveStatus(line: string): LiveStatusFigures | undefined {
  const match = STATUS_FIGURES.exec(line);
  if (!match) return undefined;
  const spaceList = match[9]!;
  const [polls, medianMs, maxMs, files, rows, resident, heap, reserved] = match
    .slice(1, 9)
    .map((text) => Number(text.replaceAll(',', '')));
  const spaces = Object.fromEntries(
    spaceList.split(', ').flatMap((entry) => {
      const figures = SPACE_FIGURES.exec(entry);
      return figures
        ? [[figures[1]!, { usedMiB: Number(figures[2]), reservedMiB: Number(figures[3]) }]]
        : [];
    }),
  );
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
      externalMiB: Number(match[10]),
    },
    spaces,
    ...collectionFigures(line),
  };
}

function collectionFigures(line: string): Pick<LiveStatusFigures, 'fullCollections'> {
  const match = COLLECTION_FIGURES.exec(line);
  if (!match) return {};
  const lastMs = match[2] === undefined ? undefined : Number(match[2]);
  return { fullCollections: { count: Number(match[1]!.replaceAll(',', '')), lastMs } };
}

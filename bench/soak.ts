/**
 * `npm run soak -- --minutes N --rate R [--warmup M] [--sample-seconds S]`: the local pipeline in live
 * mode (`salesflow run --keep-running`) at a fixed rate for N minutes with dbt on its schedule.
 *
 * Reports, and writes to bench/results/soak.json:
 * - per long-lived process (runner, function host, dbt worker, emulator): resident memory at the
 *   start and end, and its slope after the warm-up — the least-squares line through the process's
 *   floor, the least of its samples in each minute after M minutes — against the limit of
 *   {@link SLOPE_LIMIT_MIB_PER_MINUTE}. The floor is what a process keeps; what it takes while it
 *   works (a dbt round) and gives back is not growth. The line through every sample is reported too;
 * - the cost of the runner's accounting poll against how much has landed, from the status line the
 *   runner prints each minute, and the slope of one against the other, also with the length of the
 *   dbt round beside the polls held equal (the rounds lengthen as the marts grow and take the cores);
 *   the rows each poll read against the events offered between two polls; and the runner's JavaScript
 *   heap from the same lines, space by space, so that growth of its resident memory alone points at
 *   native memory and growth of one space at the kind of object that holds it; and how many full
 *   collections the runner asked V8 for, and what each took (local/src/full-collection.ts);
 * - for the runner and the function host, where their resident memory grew between the end of the
 *   warm-up and the end of the run, mapping by mapping (`/proc/<pid>/smaps`): the allocator's main
 *   arena (`[heap]`), anonymous mappings (V8's pages, the allocator's other arenas, DuckDB), files;
 * - publish → Bronze latency (p50, p95, p99) after the warm-up and per minute, the rate sustained,
 *   and the accounting at the end (0 unaccounted).
 *
 * Exits non-zero when a message is unaccounted for or a process's memory keeps growing. Not part
 * of CI.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { median } from '../cli/src/median.js';
import { parseLiveStatus, type LiveStatusFigures } from '../cli/src/run/live-status.js';
import { pidsByRole, residentMiBByRole, type ProcessRole } from './support/process-roles.js';
import { mappings, residentGrowth, type Mapping } from './support/smaps.js';
import { linearFit, planeFit, type LinearFit, type PlaneFit } from './support/regression.js';

/** The most a long-lived process may grow once warm, in MiB per minute. */
const SLOPE_LIMIT_MIB_PER_MINUTE = 0.5;
const JUDGED: readonly ProcessRole[] = ['runner', 'function host', 'dbt worker', 'emulator'];

let flags;
try {
  flags = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '300' },
      warmup: { type: 'string' },
      'sample-seconds': { type: 'string', default: '5' },
    },
  }).values;
} catch (error) {
  console.error(`soak: ${(error as Error).message}`);
  process.exit(2);
}
const minutes = Number(flags.minutes);
const rate = Number(flags.rate);
const warmup = flags.warmup === undefined ? Math.min(5, minutes / 3) : Number(flags.warmup);
const sampleSeconds = Number(flags['sample-seconds']);
if (!(minutes > 0) || !(rate > 0) || !(sampleSeconds > 0)) {
  console.error('soak: --minutes, --rate and --sample-seconds must be positive numbers');
  process.exit(2);
}
if (!(warmup >= 0 && warmup < minutes)) {
  console.error('soak: --warmup must be at least 0 and less than --minutes');
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'salesflow-soak-'));
const warehouse = join(dir, 'soak.duckdb');
// The whole run counts from here: the warm-up includes start-up and the small backfill.
const started = Date.now();
const minuteNow = (): number => (Date.now() - started) / 60_000;
// Started as a user's `salesflow` is — the executable, whose first line gives Node its flags.
const child = spawn(
  join(root, 'cli', 'bin', 'salesflow.mjs'),
  [
    'run',
    '--keep-running',
    '--rate',
    String(rate),
    '--events',
    '2000',
    '--days',
    '2',
    '--periods',
    '1',
    '--live-seconds',
    '0',
    '--dbt-every',
    '60',
    '--warehouse',
    warehouse,
    '--dashboard',
    join(dir, 'soak.html'),
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let stdout = '';
child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

/** The runner's memory by kind, MiB, from its status lines. */
const MEMORY_KINDS = {
  'JavaScript heap in use': (m: LiveStatusFigures['memory']) => m.heapMiB,
  reserved: (m: LiveStatusFigures['memory']) => m.heapReservedMiB,
  external: (m: LiveStatusFigures['memory']) => m.externalMiB,
  // What is resident in none of the others: native memory (DuckDB, the allocator) and code.
  'native (resident − reserved − external)': (m: LiveStatusFigures['memory']) =>
    m.residentMiB - m.heapReservedMiB - m.externalMiB,
};
/** Each status line's figures, with the length of the live dbt round that ended last before it. */
const polls: Array<LiveStatusFigures & { minute: number; roundSeconds: number | undefined }> = [];
let lastRoundSeconds: number | undefined;
const count = (text: string): number => Number(text.replaceAll(',', ''));
createInterface({ input: child.stderr }).on('line', (line) => {
  process.stderr.write(`${line}\n`);
  const round = /dbt: live done in ([\d.]+)s/.exec(line);
  if (round) lastRoundSeconds = Number(round[1]);
  const figures = parseLiveStatus(line);
  if (figures) polls.push({ minute: minuteNow(), roundSeconds: lastRoundSeconds, ...figures });
});

const memory: Array<{ minute: number; rssMiB: Partial<Record<ProcessRole, number>> }> = [];
/** The roles whose mappings are compared between the end of the warm-up and the end of the run. */
const MAPPED: readonly ProcessRole[] = ['runner', 'function host'];
const mappedAtWarmup = new Map<ProcessRole, { pid: number; mappings: Mapping[] }>();
let lastPrinted = 0;
while (Date.now() - started < minutes * 60_000 && child.exitCode === null) {
  await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1_000));
  memory.push({ minute: minuteNow(), rssMiB: residentMiBByRole(child.pid!) });
  if (mappedAtWarmup.size === 0 && minuteNow() >= warmup) {
    for (const [role, pids] of pidsByRole(child.pid!)) {
      if (MAPPED.includes(role) && pids.length === 1)
        mappedAtWarmup.set(role, { pid: pids[0]!, mappings: mappings(pids[0]!) });
    }
  }
  if (Date.now() - lastPrinted >= 60_000) {
    lastPrinted = Date.now();
    const rss = Object.entries(memory.at(-1)!.rssMiB)
      .map(([role, mib]) => `${role} ${mib.toFixed(0)}`)
      .join(', ');
    process.stderr.write(`soak: ${minuteNow().toFixed(1)} min, RSS MiB: ${rss}\n`);
  }
}
const mappingGrowth = Object.fromEntries(
  [...mappedAtWarmup].map(([role, look]) => [
    role,
    residentGrowth(look.mappings, mappings(look.pid)),
  ]),
);
child.kill('SIGINT');
const code = await exited;

const measuredFrom = new Date(started + warmup * 60_000).toISOString();
const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const latency = `epoch_ms(ingested_at) - epoch_ms(publish_time)`;
const liveRows = `from bronze.sales_events where publish_time >= '${measuredFrom}'::timestamptz`;
const perMinute = (
  await connection.runAndReadAll(`
  select strftime(date_trunc('minute', ingested_at), '%H:%M') as minute, count(*) as events,
         quantile_cont(${latency}, 0.5) as p50, quantile_cont(${latency}, 0.95) as p95,
         quantile_cont(${latency}, 0.99) as p99
  ${liveRows} group by all order by 1`)
).getRowObjectsJson();
const overall = (
  await connection.runAndReadAll(`
  select count(*) as events,
         epoch(max(publish_time)) - epoch(min(publish_time)) as seconds,
         quantile_cont(${latency}, 0.5) as p50, quantile_cont(${latency}, 0.95) as p95,
         quantile_cont(${latency}, 0.99) as p99
  ${liveRows}`)
).getRowObjectsJson()[0]!;
connection.closeSync();
instance.closeSync();

const unaccounted = count(/unaccounted\s+([\d,]+)/.exec(stdout)?.[1] ?? 'NaN');
const roles = [...new Set(memory.flatMap((sample) => Object.keys(sample.rssMiB)))] as ProcessRole[];
const afterWarmup = memory.filter((sample) => sample.minute >= warmup);
const processes = roles.map((role) => {
  const present = memory.filter((sample) => sample.rssMiB[role] !== undefined);
  const points = afterWarmup
    .filter((sample) => sample.rssMiB[role] !== undefined)
    .map((sample) => ({ x: sample.minute, y: sample.rssMiB[role]! }));
  const floors = new Map<number, { x: number; y: number }>();
  for (const point of points) {
    const minute = Math.floor(point.x);
    // Only whole minutes of the run: the last samples may fall after it, in the final dbt round.
    if (minute + 1 > minutes) continue;
    const floor = floors.get(minute);
    if (floor === undefined || point.y < floor.y)
      floors.set(minute, { x: minute + 0.5, y: point.y });
  }
  const fit = linearFit([...floors.values()]);
  const everySample = linearFit(points);
  const judged = JUDGED.includes(role);
  return {
    role,
    startMiB: present[0]?.rssMiB[role] ?? Number.NaN,
    endMiB: present.at(-1)?.rssMiB[role] ?? Number.NaN,
    slopeMiBPerMinute: fit.slope,
    slope95: fit.slope95,
    minutes: fit.points,
    everySampleSlopeMiBPerMinute: everySample.slope,
    samples: everySample.points,
    verdict: !judged ? 'not judged' : fit.slope < SLOPE_LIMIT_MIB_PER_MINUTE ? 'pass' : 'FAIL',
  };
});
const pollsAfterWarmup = polls.filter((line) => line.minute >= warmup);
const pollFit: LinearFit = linearFit(
  pollsAfterWarmup.map((line) => ({ x: line.rowsInAll / 100_000, y: line.medianMs })),
);
// The dbt rounds beside the polls lengthen as the marts grow and take the cores from them, so the
// rows landed are also fitted with the last round's length held equal.
const pollPlane: PlaneFit = planeFit(
  pollsAfterWarmup.flatMap((line) =>
    line.roundSeconds === undefined
      ? []
      : [{ x1: line.rowsInAll / 100_000, x2: line.roundSeconds, y: line.medianMs }],
  ),
);
// What each poll reads: the rows read in all grow by what lands, or by everything landed per poll.
const firstPoll = pollsAfterWarmup[0];
const lastPoll = pollsAfterWarmup.at(-1);
const pollsSinceFirst = pollsAfterWarmup.slice(1).reduce((sum, line) => sum + line.polls, 0);
const rowsReadPerPoll =
  firstPoll && lastPoll ? (lastPoll.rowsInAll - firstPoll.rowsInAll) / pollsSinceFirst : Number.NaN;
const offeredPerPoll =
  firstPoll && lastPoll
    ? (rate * 60 * (lastPoll.minute - firstPoll.minute)) / pollsSinceFirst
    : Number.NaN;

// The runner's memory by kind beside its resident memory: what grows in the resident figure and in
// none of the heap's or external figures is native memory.
const runnerFits = Object.fromEntries(
  Object.entries(MEMORY_KINDS).map(([kind, of]) => [
    kind,
    linearFit(pollsAfterWarmup.map((line) => ({ x: line.minute, y: of(line.memory) }))),
  ]),
);
const spaceNames = [...new Set(pollsAfterWarmup.flatMap((line) => Object.keys(line.spaces)))];
const spaceFits = Object.fromEntries(
  spaceNames.flatMap((space) =>
    (['usedMiB', 'reservedMiB'] as const).map((figure) => [
      `${space} ${figure === 'usedMiB' ? 'in use' : 'reserved'}`,
      linearFit(
        pollsAfterWarmup.flatMap((line) =>
          line.spaces[space] ? [{ x: line.minute, y: line.spaces[space][figure] }] : [],
        ),
      ),
    ]),
  ),
);

// The full collections the runner asked for (full-collection.ts): how many, and what each cost.
const collectionLines = polls.flatMap((line) =>
  line.fullCollections ? [line.fullCollections] : [],
);
const collectionMs = collectionLines.flatMap(({ lastMs }) =>
  lastMs === undefined ? [] : [lastMs],
);
const fullCollections = {
  count: collectionLines.at(-1)?.count ?? 0,
  lastMsMedian: collectionMs.length > 0 ? median(collectionMs) : undefined,
  lastMsMax: collectionMs.length > 0 ? Math.max(...collectionMs) : undefined,
};

const report = {
  date: new Date().toISOString(),
  minutes,
  rate,
  warmupMinutes: warmup,
  exitCode: code,
  unaccounted,
  sustainedEventsPerSecond: Number(overall['events']) / Number(overall['seconds']),
  latencyMs: { p50: overall['p50'], p95: overall['p95'], p99: overall['p99'] },
  slopeLimitMiBPerMinute: SLOPE_LIMIT_MIB_PER_MINUTE,
  processes,
  /** Median poll time (ms) per 100,000 rows landed, fitted over the minutes after the warm-up. */
  pollMsPer100kRows: { slope: pollFit.slope, slope95: pollFit.slope95 },
  /** The same with the last dbt round's length held equal, and ms per second of that round. */
  pollMsPer100kRowsRoundHeldEqual: { slope: pollPlane.slope1, slope95: pollPlane.slope1_95 },
  pollMsPerRoundSecond: { slope: pollPlane.slope2, slope95: pollPlane.slope2_95 },
  /** Rows each poll read on average after the warm-up, and the events offered between two polls. */
  rowsReadPerPoll,
  offeredPerPoll,
  /** The runner's memory by kind, MiB per minute after the warm-up, from its status lines. */
  runnerMiBPerMinute: Object.fromEntries(
    Object.entries(runnerFits).map(([kind, fit]) => [
      kind,
      { slope: fit.slope, slope95: fit.slope95 },
    ]),
  ),
  /** The runner's V8 heap space by space, MiB per minute after the warm-up. */
  runnerSpacesMiBPerMinute: Object.fromEntries(
    Object.entries(spaceFits).map(([space, fit]) => [
      space,
      { slope: fit.slope, slope95: fit.slope95 },
    ]),
  ),
  /** The full collections the runner asked for; the ms are those its status lines name as the last. */
  fullCollections,
  /** Where the runner's and the function host's resident memory grew after the warm-up. */
  mappingGrowth,
  polls,
  perMinute,
  memory,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);

const fixed = (value: number, digits: number, width: number): string =>
  (Number.isFinite(value) ? value.toFixed(digits) : '–').padStart(width);
console.log(stdout);
console.log('minute  events/min   p50 ms   p95 ms   p99 ms');
for (const row of perMinute) {
  console.log(
    `${row['minute']}  ${String(row['events']).padStart(10)} ${fixed(Number(row['p50']), 0, 8)} ${fixed(Number(row['p95']), 0, 8)} ${fixed(Number(row['p99']), 0, 8)}`,
  );
}
console.log(
  `\nafter the ${warmup}-minute warm-up: ${Number(overall['events']).toLocaleString('en-US')} events, ` +
    `${report.sustainedEventsPerSecond.toFixed(0)} events/s sustained of ${rate} offered; ` +
    `latency p50 ${fixed(Number(overall['p50']), 0, 0)} ms, p95 ${fixed(Number(overall['p95']), 0, 0)} ms, p99 ${fixed(Number(overall['p99']), 0, 0)} ms`,
);
console.log(
  `\nresident memory (MiB); slope = least squares through each minute's floor after the warm-up, limit ${SLOPE_LIMIT_MIB_PER_MINUTE} MiB/min (through every sample, for reference)`,
);
console.log('  process           start      end   slope MiB/min (95 %)  every sample  verdict');
for (const p of processes) {
  console.log(
    `  ${p.role.padEnd(15)} ${fixed(p.startMiB, 0, 7)} ${fixed(p.endMiB, 0, 8)} ${fixed(p.slopeMiBPerMinute, 2, 9)} ± ${fixed(p.slope95, 2, 5)}  ${fixed(p.everySampleSlopeMiBPerMinute, 2, 12)}  ${p.verdict}`,
  );
}
console.log(
  `  runner, from its status lines (MiB/min after the warm-up): ${Object.entries(runnerFits)
    .map(([kind, fit]) => `${kind} ${fixed(fit.slope, 2, 0)} ± ${fixed(fit.slope95, 2, 0)}`)
    .join(', ')}`,
);
console.log(
  `  runner's V8 heap by space (MiB/min after the warm-up): ${Object.entries(spaceFits)
    .map(([space, fit]) => `${space} ${fixed(fit.slope, 2, 0)} ± ${fixed(fit.slope95, 2, 0)}`)
    .join(', ')}`,
);
console.log(
  `  runner's full collections: ${fullCollections.count}` +
    (fullCollections.lastMsMedian === undefined
      ? ''
      : `, each ${fixed(fullCollections.lastMsMedian, 0, 0)} ms (median of those sampled; max ${fixed(fullCollections.lastMsMax!, 0, 0)} ms)`),
);
for (const [role, growth] of Object.entries(mappingGrowth)) {
  console.log(
    `  ${role}: resident growth after the warm-up by mapping kind (MiB): ${Object.entries(
      growth.byKindMiB,
    )
      .map(([kind, mib]) => `${kind} ${fixed(mib, 1, 0)}`)
      .join(', ')}; largest: ${growth.largest
      .map(
        (m) =>
          `${m.name === 'anonymous' ? m.range : m.name} (${fixed(m.sizeMiB, 1, 0)} MiB mapped) ${fixed(m.fromMiB, 1, 0)} → ${fixed(m.toMiB, 1, 0)}`,
      )
      .join('; ')}`,
  );
}
console.log(
  `\naccounting poll of the runner, per minute: rows read in all, polls, median ms, max ms; MiB: ${Object.keys(MEMORY_KINDS).join(', ')}`,
);
for (const line of polls) {
  console.log(
    `  ${fixed(line.minute, 1, 5)} min ${line.rowsInAll.toLocaleString('en-US').padStart(12)} ${String(line.polls).padStart(6)} ${fixed(line.medianMs, 1, 7)} ${fixed(line.maxMs, 1, 7)} ${Object.values(
      MEMORY_KINDS,
    )
      .map((of) => fixed(of(line.memory), 1, 7))
      .join(' ')}`,
  );
}
console.log(
  polls.length === 0
    ? '  (the runner printed no poll figures)'
    : `  median poll time per 100,000 rows landed: ${fixed(pollFit.slope, 3, 0)} ± ${fixed(pollFit.slope95, 3, 0)} ms (after the warm-up); ` +
        `with the last dbt round's length held equal ${fixed(pollPlane.slope1, 3, 0)} ± ${fixed(pollPlane.slope1_95, 3, 0)} ms, ` +
        `and ${fixed(pollPlane.slope2, 3, 0)} ± ${fixed(pollPlane.slope2_95, 3, 0)} ms per second of that round\n` +
        `  rows each poll read: ${fixed(rowsReadPerPoll, 0, 0)} on average after the warm-up, against ` +
        `${fixed(offeredPerPoll, 0, 0)} events offered between two polls: ` +
        (rowsReadPerPoll <= 1.5 * offeredPerPoll
          ? 'a poll reads what is new'
          : 'a poll reads more than what is new'),
);
const failed = processes.filter((p) => p.verdict === 'FAIL').map((p) => p.role);
console.log(
  `\naccounting: ${unaccounted} unaccounted (must be 0); memory: ${failed.length === 0 ? 'every process within the limit' : `growing: ${failed.join(', ')}`}; written to bench/results/soak.json`,
);
process.exit(unaccounted === 0 && failed.length === 0 ? 0 : 1);

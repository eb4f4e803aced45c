/**
 * `npm run soak -- --minutes N [--rate R]`: the local pipeline in live mode at a fixed rate for N
 * minutes with dbt on its schedule; reports throughput and publish → Bronze latency percentiles per
 * minute, resident memory of every process over time (it must stay flat), and the accounting check
 * at the end (0 unaccounted). Not part of CI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { descendants } from '../cli/test/run-support.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '200' } },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0) || !(rate > 0)) {
  console.error('soak: --minutes and --rate must be positive numbers');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'salesflow-soak-'));
const warehouse = join(dir, 'soak.duckdb');
const bin = new URL('../cli/bin/salesflow.mjs', import.meta.url).pathname;
const child = spawn(
  process.execPath,
  [
    bin,
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
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let stdout = '';
child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

/** Resident memory (MiB) by process name, summed over the run's process tree. */
function memorySample(): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const pid of [child.pid!, ...descendants(child.pid!)]) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const name =
        cmdline
          .find((part) => /function-host|pubsub-emulator|dbt$|salesflow\.mjs/.test(part))
          ?.split('/')
          .pop() ?? 'other';
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      byName[name] = (byName[name] ?? 0) + rss;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return byName;
}

const started = Date.now();
const memory: Array<{ minute: number; rssMiB: Record<string, number> }> = [];
while (Date.now() - started < minutes * 60_000) {
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  memory.push({ minute: (Date.now() - started) / 60_000, rssMiB: memorySample() });
  process.stderr.write(
    `soak: ${((Date.now() - started) / 60_000).toFixed(1)} min, RSS ${JSON.stringify(memory.at(-1)!.rssMiB)}\n`,
  );
}
child.kill('SIGINT');
const code = await exited;

const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const perMinute = (
  await connection.runAndReadAll(`
  with live as (
    select date_trunc('minute', ingested_at) as minute,
           epoch_ms(ingested_at) - epoch_ms(publish_time) as latency_ms
    from bronze.sales_events
    where publish_time >= (select min(publish_time) from bronze.sales_events) + interval 1 minute
  )
  select strftime(minute, '%H:%M') as minute, count(*) as events,
         quantile_cont(latency_ms, 0.5) as p50, quantile_cont(latency_ms, 0.95) as p95, quantile_cont(latency_ms, 0.99) as p99
  from live group by minute order by minute`)
).getRowObjectsJson();
connection.closeSync();
instance.closeSync();

const unaccounted = Number(
  /unaccounted\s+([\d,]+)/.exec(stdout)?.[1]?.replaceAll(',', '') ?? Number.NaN,
);
// Flat means no growth once warm: compare the last third of the run with the middle third, per
// long-lived process (each dbt run is a new process, so its memory is a sawtooth, not a trend).
const thirds = (from: number, to: number) =>
  memory.filter((sample) => sample.minute >= from * minutes && sample.minute < to * minutes);
const meanOf = (samples: typeof memory, name: string): number =>
  samples.reduce((sum, sample) => sum + (sample.rssMiB[name] ?? 0), 0) /
  Math.max(1, samples.length);
const first = memory[0]?.rssMiB ?? {};
const last = memory.at(-1)?.rssMiB ?? {};
const middle = thirds(1 / 3, 2 / 3);
const final = thirds(2 / 3, 1.01);
const growth: Record<string, number> = {};
for (const name of Object.keys(last))
  growth[name] = (meanOf(final, name) - meanOf(middle, name)) / (minutes / 3);

const report = {
  date: new Date().toISOString(),
  minutes,
  rate,
  exitCode: code,
  unaccounted,
  perMinute,
  /** MiB per minute between the middle and the last third of the run, per process. */
  rssGrowthMiBPerMinute: growth,
  memory,
};
writeFileSync(
  join(process.cwd(), 'bench', 'results', 'soak.json'),
  `${JSON.stringify(report, null, 2)}\n`,
);
console.log(stdout);
console.log('minute  events/min   p50 ms   p95 ms   p99 ms');
for (const row of perMinute) {
  console.log(
    `${row['minute']}  ${String(row['events']).padStart(10)} ${Number(row['p50']).toFixed(0).padStart(8)} ${Number(row['p95']).toFixed(0).padStart(8)} ${Number(row['p99']).toFixed(0).padStart(8)}`,
  );
}
console.log('\nRSS (MiB): first sample, mean of the middle third, mean of the last third, slope');
for (const name of Object.keys(last)) {
  const middleMean = meanOf(middle, name);
  const finalMean = meanOf(final, name);
  console.log(
    `  ${name.padEnd(28)} ${(first[name] ?? 0).toFixed(0).padStart(6)} ${middleMean.toFixed(0).padStart(6)} ${finalMean.toFixed(0).padStart(6)}  ${(growth[name] ?? 0).toFixed(1)} MiB/min`,
  );
}
console.log(
  `\naccounting: ${unaccounted} unaccounted (must be 0); written to bench/results/soak.json`,
);
process.exit(unaccounted === 0 ? 0 : 1);

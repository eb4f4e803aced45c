/**
 * Start time of the `salesflow` command: the wall time from spawning the real bin to its exit, for
 * commands that do (almost) nothing but start, the median of several spawns each — beside a bare
 * `node`, which is the floor. Also what the bin's check that the build matches the sources costs,
 * measured inside a process. The target is in bench/stages.ts.
 *
 * Run: `npx tsx bench/cli-start.bench.ts` (after `node scripts/setup.mjs --for start`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './figures.js';

/** One benchmark figure. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'bin', 'salesflow.mjs');
const SPAWNS = 9;

const COMMANDS: ReadonlyArray<{ name: string; command: string; args: readonly string[] }> = [
  { name: 'bare node', command: process.execPath, args: ['-e', '0'] },
  { name: 'salesflow --help', command: process.execPath, args: [BIN, '--help'] },
  { name: 'salesflow publish --help', command: process.execPath, args: [BIN, 'publish', '--help'] },
  {
    name: 'salesflow generate --events 1000',
    command: process.execPath,
    args: [BIN, 'generate', '--events', '1000', '--out', '/dev/null'],
  },
  { name: 'npx salesflow --help', command: 'npx', args: ['salesflow', '--help'] },
];

/** Milliseconds from spawn to exit; throws when the command fails or prints a rebuild note. */
function timeSpawn(command: string, args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  if (result.stderr.startsWith('salesflow: ')) {
    throw new Error(`the command was not built for its sources: ${result.stderr.trim()}`);
  }
  return ms;
}

/** The start-up check's own cost in a fresh process (it stats every recorded workspace file). */
function checkMs(): number {
  const script = [
    `const { checkBuild } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'cli', 'build.mjs')).href)});`,
    'const started = performance.now();',
    'const check = checkBuild();',
    'process.stdout.write(JSON.stringify({ ms: performance.now() - started, current: check.current }));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  const { ms, current } = JSON.parse(result.stdout) as { ms: number; current: boolean };
  if (!current) throw new Error('the command was not built for its sources: run setup first');
  return ms;
}

/** Median wall time of each command, and of the start-up check. */
export async function runCliStartBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const { name, command, args } of COMMANDS) {
    timeSpawn(command, args);
    const times = Array.from({ length: SPAWNS }, () => timeSpawn(command, args));
    figures.push({ name: `cli start: ${name}`, value: Math.round(median(times)), unit: 'ms' });
  }
  const checks = Array.from({ length: SPAWNS }, checkMs);
  figures.push({
    name: 'cli start: build check (stat the sources)',
    value: Number(median(checks).toFixed(2)),
    unit: 'ms',
  });
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runCliStartBench();
  console.log('figure'.padEnd(46) + 'value'.padStart(14) + '  unit');
  for (const figure of figures) {
    console.log(figure.name.padEnd(46) + String(figure.value).padStart(14) + `  ${figure.unit}`);
  }
}

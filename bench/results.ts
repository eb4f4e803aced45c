/**
 * `bench/results/latest.json`: the newest measurement of each benchmark stage, each with the date,
 * commit, machine and command line it was measured with. `npm run bench` replaces the stages it ran
 * and keeps the others, so a stage measured alone (`--only dbt`) does not erase the rest; the page
 * docs/benchmarks.md is generated from this file and git keeps its history.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BENCH_ROOT } from './stages.js';

/** Where the newest results live, relative to the repository. */
export const RESULTS_PATH = 'bench/results/latest.json';
/** The page generated from them, relative to the repository. */
export const PAGE_PATH = 'docs/benchmarks.md';

const SummarySchema = z.object({
  name: z.string(),
  unit: z.string(),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  runs: z.number().int().positive(),
});

const MachineSchema = z.object({
  cpu: z.string(),
  cores: z.number().int().positive(),
  memoryGiB: z.number(),
  freeMemoryGiB: z.number(),
  os: z.string(),
  node: z.string(),
});

const StageResultSchema = z.object({
  stage: z.string(),
  date: z.string(),
  commit: z.string(),
  /** The working tree differed from the commit when the stage ran. */
  modified: z.boolean(),
  machine: MachineSchema,
  /** One-minute load average when the stage started and when it ended. */
  load: z.tuple([z.number(), z.number()]),
  /** The command line the stage ran with. */
  command: z.string(),
  seconds: z.number(),
  figures: z.array(SummarySchema),
});

const ResultsSchema = z.object({
  format: z.literal(2),
  stages: z.array(StageResultSchema),
});

/** One machine the benchmarks ran on. */
export type Machine = z.infer<typeof MachineSchema>;
/** The newest measurement of one stage. */
export type StageResult = z.infer<typeof StageResultSchema>;
/** The whole of latest.json. */
export type BenchResults = z.infer<typeof ResultsSchema>;

/** Parses latest.json's text; a clear error names what does not fit. */
export function parseResults(text: string, source = RESULTS_PATH): BenchResults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = ResultsSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new Error(
      `${source} is not in the format npm run bench writes (${problem?.path.join('.') || 'top level'}: ${problem?.message}); run \`npm run bench\` again`,
    );
  }
  return parsed.data;
}

/** Reads latest.json; no file gives no stages. */
export async function readResults(path = join(BENCH_ROOT, RESULTS_PATH)): Promise<BenchResults> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? { format: 2, stages: [] } : parseResults(text, path);
}

/** The results with `fresh` replacing the stages of the same name, in the order of `order`. */
export function mergeResults(
  previous: BenchResults,
  fresh: readonly StageResult[],
  order: readonly string[],
): BenchResults {
  const byStage = new Map(previous.stages.map((stage) => [stage.stage, stage]));
  for (const stage of fresh) byStage.set(stage.stage, stage);
  const rank = (name: string) => {
    const index = order.indexOf(name);
    return index < 0 ? order.length : index;
  };
  return {
    format: 2,
    stages: [...byStage.values()].sort((a, b) => rank(a.stage) - rank(b.stage)),
  };
}

/** Writes latest.json. */
export async function writeResults(
  results: BenchResults,
  path = join(BENCH_ROOT, RESULTS_PATH),
): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** The machine this process runs on. */
export function thisMachine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** The one-minute load average, to two decimals. */
export function loadNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * The checked-out commit (short) and whether tracked files differ from it, leaving out what the
 * bench itself writes (latest.json and the page generated from it).
 */
export function checkout(): { commit: string; modified: boolean } {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: BENCH_ROOT, encoding: 'utf8' }).trim();
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const modified =
      git([
        'status',
        '--porcelain',
        '--untracked-files=no',
        '--',
        '.',
        `:!${RESULTS_PATH}`,
        `:!${PAGE_PATH}`,
      ]) !== '';
    return { commit, modified };
  } catch {
    return { commit: 'unknown', modified: false };
  }
}

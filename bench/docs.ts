/**
 * `npm run bench:docs [-- --check]`: writes docs/benchmarks.md from bench/results/latest.json and
 * bench/notes.md, or with `--check` says whether it is up to date. Exit codes: 0 done or up to
 * date, 1 out of date or unreadable input, 2 bad flags.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { currentBenchmarksPage, NOTES_PATH, PAGE_PATH, REGENERATE_COMMAND } from './page.js';
import { RESULTS_PATH } from './results.js';
import { BENCH_ROOT } from './stages.js';

let check: boolean;
try {
  check = parseArgs({ options: { check: { type: 'boolean', default: false } } }).values.check;
} catch (error) {
  console.error(
    `bench:docs: ${(error as Error).message} (usage: ${REGENERATE_COMMAND} [-- --check])`,
  );
  process.exit(2);
}

try {
  const page = await currentBenchmarksPage();
  const path = join(BENCH_ROOT, PAGE_PATH);
  if (check) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current !== page) {
      console.error(
        `bench:docs: ${PAGE_PATH} is out of date with ${RESULTS_PATH} and ${NOTES_PATH}: run \`${REGENERATE_COMMAND}\``,
      );
      process.exit(1);
    }
    console.log(`${PAGE_PATH} is up to date`);
  } else {
    await writeFile(path, page);
    console.log(`wrote ${PAGE_PATH}`);
  }
} catch (error) {
  console.error(`bench:docs: ${(error as Error).message}`);
  process.exit(1);
}

/**
 * `npx tsx tools/gold-contract/src/cli.ts [--check] [--page FILE] [--manifest FILE]`: writes the
 * Gold contract page from the Gold models' YAML (read by `dbt parse`), or with `--check` says
 * whether the page is up to date. Refuses when the YAML lacks a column of the design's contract.
 * Exit codes: 0 done, 1 out of date or contract broken, 2 bad flags.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../../../scripts/toolchain.mjs';
import { goldCatalog, type GoldCatalog } from './catalog.js';
import { parseDbtProject } from './dbt-parse.js';
import { contractProblems } from './design-contract.js';
import { PAGE_PATH, REGENERATE_COMMAND, renderContractPage } from './render.js';

const USAGE = `usage: ${REGENERATE_COMMAND} [--check] [--page FILE] [--manifest FILE]`;

interface Options {
  readonly check: boolean;
  readonly page: string;
  /** An existing manifest.json instead of a fresh `dbt parse`. */
  readonly manifest?: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  let check = false;
  let page = resolve(ROOT, PAGE_PATH);
  let manifest: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--check') check = true;
    else if ((flag === '--page' || flag === '--manifest') && value && !value.startsWith('--')) {
      if (flag === '--page') page = resolve(value);
      else manifest = resolve(value);
      index += 1;
    } else throw new UsageError(`unknown or incomplete option ${flag} (${USAGE})`);
  }
  return { check, page, ...(manifest === undefined ? {} : { manifest }) };
}

async function loadCatalog(manifest: string | undefined): Promise<GoldCatalog> {
  if (manifest !== undefined) return goldCatalog(JSON.parse(await readFile(manifest, 'utf8')));
  const workDir = await mkdtemp(join(tmpdir(), 'salesflow-gold-contract-'));
  try {
    const path = await parseDbtProject(workDir);
    return goldCatalog(JSON.parse(await readFile(path, 'utf8')));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const catalog = await loadCatalog(options.manifest);
  const problems = contractProblems(catalog);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`gold-contract: ${problem}\n`);
    return 1;
  }
  const page = renderContractPage(catalog);
  if (options.check) {
    const current = await readFile(options.page, 'utf8').catch(() => undefined);
    if (current !== page) {
      process.stderr.write(
        `gold-contract: ${options.page} is out of date with dbt/models/marts/**/*.yml: run \`${REGENERATE_COMMAND}\`\n`,
      );
      return 1;
    }
    process.stdout.write(`${options.page} is up to date\n`);
    return 0;
  }
  await writeFile(options.page, page);
  process.stdout.write(`wrote ${options.page} (${catalog.models.length} Gold models)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`gold-contract: ${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);

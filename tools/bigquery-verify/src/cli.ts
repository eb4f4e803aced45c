/**
 * `npm run verify:bigquery [-- --project-dir DIR] [--json FILE]`: analyzes every BigQuery
 * statement of the dbt project and the hand-written BigQuery SQL with GoogleSQL's analyzer.
 * Prints each rejected statement with GoogleSQL's message and caret; the last line is
 * `N statements analyzed, N failed`. Exit code 1 when anything failed, 2 on bad flags.
 *
 * `npm run verify:bigquery -- --parity`: the execution parity check instead (parity/parity.ts);
 * the last line is `N tables compared in 2 rounds, N differences`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../../../scripts/toolchain.mjs';
import { LocalServiceUnavailableError } from './zetasql/local-service.js';
import { failures, verifyBigQuery, type VerifyReport } from './verify.js';
import { parityDifferences, runParity, type ParityReport } from './parity/parity.js';

const USAGE = 'usage: npm run verify:bigquery [-- --project-dir DIR] [--json FILE] | [-- --parity]';

interface CliOptions {
  projectDir: string;
  json?: string;
  parity?: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { projectDir: resolve(ROOT, 'dbt') };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]!;
    const value = argv[index + 1];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === '--project-dir' && value && !value.startsWith('--')) {
      options.projectDir = resolve(value);
      index += 1;
    } else if (flag === '--parity') {
      options.parity = true;
    } else if (flag === '--json' && value && !value.startsWith('--')) {
      options.json = resolve(value);
      index += 1;
    } else {
      throw new Error(`verify:bigquery: unknown or incomplete option ${flag} (${USAGE})`);
    }
  }
  return options;
}

/** The human report: rejected statements in full, allowed ones with their reason, a summary. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const statement of failures(report)) {
    lines.push(`✖ ${statement.node} (${statement.phase}):`);
    lines.push(...(statement.message ?? '').split('\n').map((line) => `    ${line}`));
  }
  for (const statement of report.statements.filter((s) => s.outcome === 'allowed')) {
    lines.push(`… ${statement.node} (${statement.phase}) allowed: ${statement.reason}`);
  }
  for (const failure of report.dbtFailures) {
    lines.push(`✖ dbt failed in the ${failure.phase} run:`);
    lines.push(...failure.output.split('\n').map((line) => `    ${line}`));
  }
  const byPhase = new Map<string, number>();
  for (const statement of report.statements) {
    byPhase.set(statement.phase, (byPhase.get(statement.phase) ?? 0) + 1);
  }
  lines.push(
    `phases: ${[...byPhase.entries()].map(([phase, count]) => `${phase} ${count}`).join(', ')}; ${report.seconds.toFixed(1)}s`,
  );
  const failed = failures(report).length + report.dbtFailures.length;
  lines.push(`${report.statements.length} statements analyzed, ${failed} failed`);
  return lines.join('\n');
}

/** The parity report: each table's row counts, every difference, a summary line. */
export function formatParity(report: ParityReport): string {
  const lines: string[] = [];
  for (const round of report.rounds) {
    for (const table of round.tables) {
      const mark = table.differences.length > 0 ? '✖' : '✓';
      const justified = table.justified.length > 0 ? ` (${table.justified.length} justified)` : '';
      lines.push(
        `${mark} round ${round.round} ${table.table}: BigQuery ${table.bigQueryRows} rows, DuckDB ${table.duckDbRows}${justified}`,
      );
    }
  }
  const differences = parityDifferences(report);
  if (differences.length > 0) lines.push('', ...differences, '');
  const tables = new Set(
    report.rounds.flatMap((round) => round.tables.map((table) => table.table)),
  );
  lines.push(`${report.seconds.toFixed(1)}s`);
  lines.push(
    `${tables.size} tables compared in ${report.rounds.length} rounds, ${differences.length} differences`,
  );
  return lines.join('\n');
}

async function parity(): Promise<void> {
  let report: ParityReport;
  try {
    report = await runParity();
  } catch (error) {
    console.error(`verify:bigquery --parity: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(formatParity(report));
  process.exit(parityDifferences(report).length > 0 ? 1 : 0);
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (options.parity) {
    if (options.json || options.projectDir !== resolve(ROOT, 'dbt')) {
      console.error(`verify:bigquery: --parity takes no other option (${USAGE})`);
      process.exit(2);
    }
    return parity();
  }
  let report: VerifyReport;
  try {
    report = await verifyBigQuery({ projectDir: options.projectDir });
  } catch (error) {
    const message =
      error instanceof LocalServiceUnavailableError || error instanceof Error
        ? error.message
        : String(error);
    console.error(`verify:bigquery: ${message}`);
    process.exit(1);
  }
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatReport(report));
  process.exit(failures(report).length + report.dbtFailures.length > 0 ? 1 : 0);
}

await main();

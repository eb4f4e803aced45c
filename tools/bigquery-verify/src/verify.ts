/**
 * The BigQuery check: dbt-bigquery builds the project twice through the API stand-in — a full
 * refresh, then an incremental run over the tables the first left in the catalog — so every model,
 * seed, snapshot, data test and every DDL/DML statement of each materialization (CREATE OR REPLACE
 * TABLE … PARTITION BY … CLUSTER BY … OPTIONS, MERGE, the insert_overwrite script, the snapshot
 * MERGE) reaches GoogleSQL's analyzer in dependency order; then the hand-written BigQuery SQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisError, BigQueryAnalyzer } from './analyzer.js';
import { allowRule, type AllowEntry } from './allow-list.js';
import { addBronze } from './bronze.js';
import { WarehouseCatalog } from './catalog.js';
import { ControlPlane, type ContentHooks, type StatementRecord } from './control-plane.js';
import { runDbt } from './dbt-run.js';
import { handWrittenStatements } from './hand-written.js';
import { LocalService } from './zetasql/local-service.js';

/** The BigQuery project the stand-in pretends to be (never contacted). */
export const VERIFY_PROJECT = 'salesflow-verify';

/** The two dbt runs: every statement of a first build, then of a scheduled (incremental) round. */
export const PHASES = [
  { name: 'full-refresh', args: ['build', '--full-refresh'] },
  { name: 'incremental', args: ['build', '--vars', '{"scheduled_round": true}'] },
] as const;

export type PhaseName = (typeof PHASES)[number]['name'] | 'hand-written';

/** A statement with the run it came from. */
export type VerifiedStatement = StatementRecord & { readonly phase: PhaseName };

/** The outcome of a verification. */
export interface VerifyReport {
  readonly statements: readonly VerifiedStatement[];
  /** dbt runs that failed for another reason than a rejected statement (their output's tail). */
  readonly dbtFailures: readonly { phase: PhaseName; output: string }[];
  readonly seconds: number;
}

export interface VerifyOptions {
  readonly projectDir: string;
  readonly allowList?: readonly AllowEntry[];
  /** Extra dbt arguments for both runs (e.g. `--select +mart_refunds`). */
  readonly dbtArgs?: readonly string[];
  /** Skip the hand-written statements (when checking one dbt project only). */
  readonly dbtOnly?: boolean;
}

/** Rejected statements (allow-listed ones are not). */
export function failures(report: VerifyReport): VerifiedStatement[] {
  return report.statements.filter((statement) => statement.outcome === 'rejected');
}

/** Runs the check. Throws only when the analyzer or dbt cannot be started. */
export async function verifyBigQuery(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const service = await LocalService.start();
  const workDir = await mkdtemp(join(tmpdir(), 'salesflow-bigquery-verify-'));
  try {
    const catalog = new WarehouseCatalog(VERIFY_PROJECT);
    addBronze(catalog, VERIFY_PROJECT);
    const analyzer = await BigQueryAnalyzer.create(service, catalog);
    const allow = allowRule(options.allowList);
    const statements: VerifiedStatement[] = [];
    const dbtFailures: { phase: PhaseName; output: string }[] = [];
    const empty: ContentHooks = { contentOf: () => undefined };
    for (const phase of PHASES) {
      const plane = new ControlPlane(service, analyzer, allow, empty);
      const outcome = await runDbt(
        {
          projectDir: options.projectDir,
          workDir,
          project: VERIFY_PROJECT,
          args: [...phase.args, '--exclude', 'resource_type:unit_test', ...(options.dbtArgs ?? [])],
        },
        plane,
      );
      statements.push(...plane.statements.map((record) => ({ ...record, phase: phase.name })));
      const rejectedHere = plane.statements.some((record) => record.outcome === 'rejected');
      if (outcome.code !== 0 && !rejectedHere) {
        dbtFailures.push({ phase: phase.name, output: tail(outcome.output) });
      }
    }
    if (!options.dbtOnly) {
      for (const statement of handWrittenStatements(VERIFY_PROJECT)) {
        statements.push(await analyzeHandWritten(analyzer, allow, statement));
      }
    }
    return { statements, dbtFailures, seconds: (Date.now() - started) / 1000 };
  } finally {
    await service.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function analyzeHandWritten(
  analyzer: BigQueryAnalyzer,
  allow: ReturnType<typeof allowRule>,
  statement: ReturnType<typeof handWrittenStatements>[number],
): Promise<VerifiedStatement> {
  const base = { node: statement.source, sql: statement.sql, phase: 'hand-written' as const };
  try {
    const analyzed = await analyzer.analyze(statement.sql, statement.parameters);
    return { ...base, outcome: 'accepted', statementType: analyzed.statementType };
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    const reason = allow(statement.source, error.message);
    return reason
      ? { ...base, outcome: 'allowed', message: error.message, reason }
      : { ...base, outcome: 'rejected', message: error.message };
  }
}

function tail(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const errors = lines.filter((line) => /error|fail|exception/i.test(line));
  return (errors.length > 0 ? errors : lines).slice(-15).join('\n');
}

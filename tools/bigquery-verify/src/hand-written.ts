/**
 * BigQuery SQL written outside dbt: the FX-rates MERGE of the Bronze sink (taken from the sink's
 * own code) and every `bq query` the deploy guide and the runbook tell an operator to run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FX_RATES_MERGE_ROW_FIELDS,
  fxRatesMergeSql,
} from '../../../functions/src/sinks/bigquery/fx-rates-merge.js';
import { ROOT } from '../../../scripts/toolchain.mjs';
import type { QueryParameter } from './analyzer.js';

/** One hand-written statement and where it lives. */
export interface HandWrittenStatement {
  /** `functions/src/sinks/bigquery/fx-rates-merge.ts`, `docs/runbook.md#2`, … */
  readonly source: string;
  readonly sql: string;
  readonly parameters: readonly QueryParameter[];
}

/** Documents whose `bq query` commands are checked. */
export const DOCUMENTS = ['docs/deploy.md', 'docs/runbook.md'] as const;

/** The SQL of each `bq query … 'SQL'` in a shell text (continuation lines joined). */
export function bqQueries(markdown: string): string[] {
  const queries: string[] = [];
  const shell = markdown.replace(/\\\n\s*/g, ' ');
  const command = /\bbq\s+query\b([^'"\n]*?)(['"])([\s\S]*?)\2/g;
  for (const match of shell.matchAll(command)) {
    const flags = match[1] ?? '';
    if (/--use_legacy_sql=true/.test(flags)) continue;
    queries.push(match[3]!.trim());
  }
  return queries;
}

/** Every hand-written statement, for a deployment whose project is `project`. */
export function handWrittenStatements(project: string): HandWrittenStatement[] {
  const rowsType = {
    type_kind: 'TYPE_ARRAY',
    array_type: {
      element_type: {
        type_kind: 'TYPE_STRUCT',
        struct_type: {
          field: FX_RATES_MERGE_ROW_FIELDS.map((name) => ({
            field_name: name,
            field_type: { type_kind: 'TYPE_STRING' },
          })),
        },
      },
    },
  };
  const statements: HandWrittenStatement[] = [
    {
      source: 'functions/src/sinks/bigquery/fx-rates-merge.ts',
      sql: fxRatesMergeSql(`\`${project}.bronze.fx_rates\``),
      parameters: [{ name: 'rows', type: rowsType }],
    },
  ];
  for (const document of DOCUMENTS) {
    const queries = bqQueries(readFileSync(join(ROOT, document), 'utf8'));
    queries.forEach((sql, index) =>
      statements.push({ source: `${document}#${index + 1}`, sql, parameters: [] }),
    );
  }
  return statements;
}

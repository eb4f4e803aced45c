/**
 * Runs BigQuery queries in GoogleSQL's reference evaluator over the rows the catalog holds.
 *
 * The local service binds rows only to top-level tables, so each table is offered under its
 * dotted full name and the query's `` `project`.`dataset`.`table` `` paths are rewritten to it.
 */
import type { CatalogTable, WarehouseCatalog } from './catalog.js';
import { bigQueryAnalyzerOptions } from './zetasql/dialect.js';
import { isServiceError, type LocalService, type Message } from './zetasql/local-service.js';
import type { Column, TypeProto } from './zetasql/types.js';
import { fromValueProto, toValueProto, type PlainValue } from './zetasql/values.js';
import { AnalysisError } from './analyzer.js';

/** Rows of a table in column order. */
export type Rows = PlainValue[][];

/** A query's result. */
export interface QueryResult {
  readonly columns: readonly Column[];
  readonly rows: Rows;
}

const QUOTED_PATH = /`([^`]+)`\.`([^`]+)`\.`([^`]+)`/g;

/** The query with three-part quoted paths turned into the dotted names the evaluator binds. */
export function withDottedTableNames(sql: string): string {
  return sql.replace(
    QUOTED_PATH,
    (_, project: string, dataset: string, table: string) => `\`${project}.${dataset}.${table}\``,
  );
}

function tableContent(columns: readonly Column[], rows: Rows): Message {
  return {
    table_data: {
      row: rows.map((row) => ({
        cell: columns.map((column, index) => toValueProto(row[index] ?? null, column.type)),
      })),
    },
  };
}

/** Evaluates `sql` with each catalog table holding `contentOf(table)` (empty when undefined). */
export async function evaluateQuery(
  service: LocalService,
  languageOptions: Message,
  catalog: WarehouseCatalog,
  sql: string,
  contentOf: (table: CatalogTable) => Rows | undefined,
): Promise<QueryResult> {
  const tableContents: Record<string, Message> = {};
  for (const table of catalog.allTables()) {
    tableContents[`${table.project}.${table.dataset}.${table.name}`] = tableContent(
      table.columns,
      contentOf(table) ?? [],
    );
  }
  for (const [name, columns] of catalog.scriptTables) {
    tableContents[name] = tableContent(columns, []);
  }
  let response: Message;
  try {
    response = await service.call('EvaluateQuery', {
      sql: withDottedTableNames(sql),
      options: bigQueryAnalyzerOptions(languageOptions),
      simple_catalog: catalog.toProto(languageOptions),
      table_content: tableContents,
    });
  } catch (error) {
    if (isServiceError(error)) throw new AnalysisError(error.details || error.message);
    throw error;
  }
  const prepared = response['prepared'] as { columns?: { name: string; type: TypeProto }[] };
  const columns = (prepared?.columns ?? []).map(({ name, type }) => ({ name, type }));
  const content = response['content'] as { table_data?: { row?: { cell?: Message[] }[] } };
  const rows = (content?.table_data?.row ?? []).map((row) =>
    columns.map((column, index) => fromValueProto(row.cell?.[index], column.type)),
  );
  return { columns, rows };
}

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

function tableContents(
  catalog: WarehouseCatalog,
  contentOf: (table: CatalogTable) => Rows | undefined,
): Record<string, Message> {
  const contents: Record<string, Message> = {};
  for (const table of catalog.allTables()) {
    contents[dottedName(table)] = tableContent(table.columns, contentOf(table) ?? []);
  }
  for (const [name, columns] of catalog.scriptTables) {
    contents[name] = tableContent(columns, []);
  }
  return contents;
}

/** The top-level name a table's rows are bound to (`project.dataset.table`). */
export function dottedName(table: Pick<CatalogTable, 'project' | 'dataset' | 'name'>): string {
  return `${table.project}.${table.dataset}.${table.name}`;
}

async function call(service: LocalService, method: string, request: Message): Promise<Message> {
  try {
    return await service.call(method, request);
  } catch (error) {
    if (isServiceError(error)) throw new AnalysisError(error.details || error.message);
    throw error;
  }
}

/** Evaluates `sql` with each catalog table holding `contentOf(table)` (empty when undefined). */
export async function evaluateQuery(
  service: LocalService,
  languageOptions: Message,
  catalog: WarehouseCatalog,
  sql: string,
  contentOf: (table: CatalogTable) => Rows | undefined,
): Promise<QueryResult> {
  const response = await call(service, 'EvaluateQuery', {
    sql: withDottedTableNames(sql),
    options: bigQueryAnalyzerOptions(languageOptions),
    simple_catalog: catalog.toProto(languageOptions),
    table_content: tableContents(catalog, contentOf),
  });
  const prepared = response['prepared'] as { columns?: { name: string; type: TypeProto }[] };
  const columns = (prepared?.columns ?? []).map(({ name, type }) => ({ name, type }));
  const content = response['content'] as { table_data?: { row?: { cell?: Message[] }[] } };
  const rows = (content?.table_data?.row ?? []).map((row) =>
    columns.map((column, index) => fromValueProto(row.cell?.[index], column.type)),
  );
  return { columns, rows };
}

/** What a DML statement did to its table's rows. */
export interface ModifyResult {
  /** Each row the statement wrote (inserted or updated), with its operation. */
  readonly rows: readonly {
    readonly operation: 'INSERT' | 'UPDATE' | 'DELETE';
    readonly cells: PlainValue[];
    /** The primary key the row had before (updates and deletes). */
    readonly oldKey: PlainValue[];
  }[];
}

/**
 * Evaluates one INSERT, UPDATE or DELETE (the evaluator runs no MERGE) over the catalog's rows.
 * `primaryKey` gives the target a key column to tell updated and deleted rows apart by: it is
 * appended to the target's columns, and `contentOf` must supply its values.
 */
export async function evaluateModify(
  service: LocalService,
  languageOptions: Message,
  catalog: WarehouseCatalog,
  sql: string,
  contentOf: (table: CatalogTable) => Rows | undefined,
  primaryKey?: { readonly table: CatalogTable; readonly column: Column },
): Promise<ModifyResult> {
  const proto = catalog.toProto(languageOptions);
  const contents = tableContents(catalog, contentOf);
  if (primaryKey) {
    const name = dottedName(primaryKey.table);
    const columns = [...primaryKey.table.columns, primaryKey.column];
    proto['table'] = (proto['table'] as Message[]).map((table) =>
      table['name'] === name
        ? {
            name,
            column: columns.map((column) => ({ name: column.name, type: column.type })),
            primary_key_column_index: [columns.length - 1],
          }
        : table,
    );
    contents[name] = tableContent(columns, contentOf(primaryKey.table) ?? []);
  }
  const response = await call(service, 'EvaluateModify', {
    sql: withDottedTableNames(sql),
    options: bigQueryAnalyzerOptions(languageOptions),
    simple_catalog: proto,
    table_content: contents,
  });
  const target = primaryKey
    ? [...primaryKey.table.columns, primaryKey.column]
    : (catalog.allTables().find((table) => dottedName(table) === response['table_name'])?.columns ??
      []);
  const keyType = primaryKey ? [primaryKey.column.type] : [];
  const rows = ((response['content'] ?? []) as Message[]).map((row) => ({
    operation: row['operation'] as 'INSERT' | 'UPDATE' | 'DELETE',
    cells: target.map((column, index) =>
      fromValueProto((row['cell'] as Message[] | undefined)?.[index], column.type),
    ),
    oldKey: keyType.map((type, index) =>
      fromValueProto((row['old_primary_key'] as Message[] | undefined)?.[index], type),
    ),
  }));
  return { rows };
}

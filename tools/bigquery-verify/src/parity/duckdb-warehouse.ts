/**
 * The DuckDB side of the parity check: the sample written to Bronze in a DuckDB warehouse with the
 * contract's DDL, and every table read back as BigQuery-style values (zetasql/values.ts) with its
 * DuckDB type, so both engines' tables compare column by column.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BRONZE_TABLES, duckDbDdl, type ColumnDefinition } from '@salesflow/contract';
import type { PlainValue } from '../zetasql/values.js';
import type { BronzeRows } from './sample.js';

/** A DuckDB table read back: column names and DuckDB types, rows in column order. */
export interface DuckDbTable {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: PlainValue[][];
}

async function withDatabase<T>(
  path: string,
  work: (c: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    // BigQuery timestamps are UTC instants; text forms of DuckDB's must be UTC too.
    await connection.run("SET TimeZone = 'UTC'");
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const text = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A SQL literal of a Bronze value, typed as the contract types the column. */
function literal(
  value: PlainValue | undefined,
  column: ColumnDefinition,
  duckType: string,
): string {
  if (value === null || value === undefined) return 'NULL';
  if (column.mode === 'REPEATED' || column.type === 'RECORD') {
    return `CAST(CAST(${text(JSON.stringify(value))} AS JSON) AS ${duckType})`;
  }
  switch (column.type) {
    case 'BYTES':
      return `from_base64(${text(String(value))})`;
    case 'STRING':
      return text(String(value));
    default:
      return `CAST(${text(String(value))} AS ${duckType})`;
  }
}

/** Creates Bronze (the contract's DDL) and appends `rows`. */
export async function appendBronze(path: string, rows: BronzeRows): Promise<void> {
  await withDatabase(path, async (connection) => {
    await connection.run('CREATE SCHEMA IF NOT EXISTS bronze');
    for (const table of BRONZE_TABLES) {
      await connection.run(duckDbDdl(table));
      const list = rows.get(table.name) ?? [];
      if (list.length === 0) continue;
      const types = await columnTypes(connection, 'bronze', table.name);
      const values = list.map(
        (row) =>
          `(${table.columns.map((column) => literal(row[column.name], column, types.get(column.name)!)).join(', ')})`,
      );
      await connection.run(
        `INSERT INTO bronze.${quoted(table.name)} (${table.columns.map((c) => quoted(c.name)).join(', ')}) VALUES ${values.join(',\n')}`,
      );
    }
  });
}

async function columnTypes(
  connection: DuckDBConnection,
  schema: string,
  table: string,
): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = ${text(schema)} AND table_name = ${text(table)} ORDER BY ordinal_position`,
  );
  return new Map(reader.getRowsJS().map(([name, type]) => [String(name), String(type)]));
}

/** The expression that reads a column of `type` as the text (or boolean) its plain value is. */
function plainExpression(name: string, type: string): string {
  const column = quoted(name);
  if (type === 'BOOLEAN' || type === 'VARCHAR') return column;
  if (type === 'BLOB') return `to_base64(${column})`;
  if (type.startsWith('TIMESTAMP')) return `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (type.endsWith(']') || type.startsWith('STRUCT') || type.startsWith('MAP')) {
    return `CAST(to_json(${column}) AS VARCHAR)`;
  }
  return `CAST(${column} AS VARCHAR)`;
}

/** A cell as read by {@link plainExpression}: nested values parsed from their JSON text. */
function plainValue(value: unknown, type: string): PlainValue {
  if (value === null || value === undefined) return null;
  if (type.endsWith(']') || type.startsWith('STRUCT') || type.startsWith('MAP')) {
    return JSON.parse(String(value)) as PlainValue;
  }
  if (type === 'DOUBLE' || type === 'FLOAT') return Number(value);
  return value as PlainValue;
}

/** Every table of `schemas`, by `schema.table`. */
export async function readTables(
  path: string,
  schemas: readonly string[],
): Promise<Map<string, DuckDbTable>> {
  return withDatabase(path, async (connection) => {
    const listed = await connection.runAndReadAll(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema IN (${schemas.map(text).join(', ')}) ORDER BY 1, 2`,
    );
    const tables = new Map<string, DuckDbTable>();
    for (const [schema, name] of listed.getRowsJS().map((row) => row.map(String))) {
      const types = await columnTypes(connection, schema!, name!);
      const columns = [...types.entries()].map(([column, type]) => ({ name: column, type }));
      const select = columns.map((column) => plainExpression(column.name, column.type)).join(', ');
      const reader = await connection.runAndReadAll(
        `SELECT ${select} FROM ${quoted(schema!)}.${quoted(name!)}`,
      );
      const rows = reader
        .getRowsJS()
        .map((row) => row.map((cell, index) => plainValue(cell, columns[index]!.type)));
      tables.set(`${schema}.${name}`, { columns, rows });
    }
    return tables;
  });
}

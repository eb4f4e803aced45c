import type { ColumnDefinition, TableDefinition } from '@salesflow/contract';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlIdentifier } from './landing-layout.js';

/** A Bronze row as the sinks receive it: column name → JSON-API value (strings, numbers, null). */
export type LooseRow = Readonly<Record<string, unknown>>;

const ORDINAL = '__ordinal';

/** The SQL turning a staged VARCHAR into the column's Bronze type (BYTES arrive base64-encoded). */
function conversion(column: ColumnDefinition): string {
  const source = sqlIdentifier(column.name);
  switch (column.type) {
    case 'STRING':
      return source;
    case 'BYTES':
      return `from_base64(${source})`;
    case 'INT64':
      return `CAST(${source} AS BIGINT)`;
    case 'NUMERIC':
      return `CAST(${source} AS DECIMAL(38, 9))`;
    case 'TIMESTAMP':
      return `CAST(${source} AS TIMESTAMPTZ)`;
    case 'DATE':
      return `CAST(${source} AS DATE)`;
    case 'JSON':
      return `CAST(${source} AS JSON)`;
    case 'RECORD':
      // Only the product-dictated tables have RECORD columns, and no sink writes those.
      throw new Error(`${column.name}: the sinks stage scalar columns only`);
  }
}

/**
 * An in-memory staging table for one Bronze table: rows are appended as text through a DuckDB
 * Appender, then converted to the Bronze column types in one `SELECT` — so a bad value surfaces as
 * a conversion error that can be traced back to its row.
 */
export class StagingTable {
  readonly name: string;
  readonly convertedSelect: string;

  constructor(
    private readonly connection: DuckDBConnection,
    readonly table: TableDefinition,
  ) {
    this.name = `staging_${table.name}`;
    const columns = table.columns
      .map((c) => `${conversion(c)} AS ${sqlIdentifier(c.name)}`)
      .join(', ');
    this.convertedSelect = `SELECT ${columns} FROM ${this.name}`;
  }

  async create(): Promise<void> {
    const columns = this.table.columns.map((c) => `${sqlIdentifier(c.name)} VARCHAR`).join(', ');
    await this.connection.run(
      `CREATE OR REPLACE TABLE ${this.name} (${ORDINAL} INTEGER, ${columns})`,
    );
  }

  /**
   * Replaces the staged rows with `rows`. Returns the ordinals of rows that miss a required value
   * (they are staged but must be excluded).
   */
  async load(rows: readonly LooseRow[]): Promise<Set<number>> {
    // Re-created, not emptied: an in-memory DuckDB keeps the storage of deleted rows, so a
    // function process that emptied it with `DELETE FROM` would grow for as long as it runs.
    await this.create();
    const missingRequired = new Set<number>();
    const appender = await this.connection.createAppender(this.name);
    try {
      rows.forEach((row, ordinal) => {
        appender.appendInteger(ordinal);
        for (const column of this.table.columns) {
          const value = row[column.name];
          if (value === null || value === undefined) {
            if (column.mode === 'REQUIRED') missingRequired.add(ordinal);
            appender.appendNull();
          } else {
            appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
          }
        }
        appender.endRow();
      });
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return missingRequired;
  }

  /** Ordinals of staged rows whose values do not convert to the Bronze types. */
  async unconvertibleRows(candidates: Iterable<number>): Promise<Map<number, string>> {
    const bad = new Map<number, string>();
    for (const ordinal of candidates) {
      try {
        await this.connection.run(`${this.convertedSelect} WHERE ${ORDINAL} = ${ordinal}`);
      } catch (error) {
        bad.set(ordinal, (error as Error).message);
      }
    }
    return bad;
  }

  /** The converted rows, without the excluded ordinals. */
  selectExcluding(excluded: ReadonlySet<number>): string {
    if (excluded.size === 0) return this.convertedSelect;
    return `${this.convertedSelect} WHERE ${ORDINAL} NOT IN (${[...excluded].join(', ')})`;
  }
}

import { dirname, basename, join, resolve } from 'node:path';
import type { TableDefinition } from '@salesflow/contract';

/**
 * Where the Parquet micro-batches of each Bronze table live: `<landing>/<table>/*.parquet`.
 * The landing directory sits beside the warehouse file (`warehouse.duckdb` → `warehouse.bronze/`)
 * unless configured otherwise, so two warehouses never share one.
 */
export class LandingLayout {
  readonly root: string;

  constructor(warehousePath: string, landingDir?: string) {
    const warehouse = resolve(warehousePath);
    this.root = resolve(
      landingDir ??
        join(dirname(warehouse), `${basename(warehouse).replace(/\.duckdb$/, '')}.bronze`),
    );
  }

  /** Directory of one table's files. */
  tableDir(table: TableDefinition): string {
    return join(this.root, table.name);
  }

  /** The landing journal of one table: the names of its landed files, in landing order. */
  journal(table: TableDefinition): string {
    return join(this.tableDir(table), '_landed.txt');
  }

  /** The glob a reader scans for one table. */
  tableGlob(table: TableDefinition): string {
    return join(this.tableDir(table), '*.parquet');
  }
}

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

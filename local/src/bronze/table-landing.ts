import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '@salesflow/functions/logging/logger';
import {
  MicroBatcher,
  type BatchLimits,
  type RowOutcomes,
} from '@salesflow/functions/sinks/micro-batcher';
import { PermanentSinkError } from '@salesflow/functions/sinks/port';
import { classifyDuckDbError } from './errors.js';
import { journalLanding } from './landing-journal.js';
import { writeParquetAtomically } from './parquet-files.js';
import type { LooseRow, StagingTable } from './staging.js';

const SCHEMA_FILE = '00000000000000-schema.parquet';

/**
 * One append-only table's landing directory: its own connection, staging table and group-commit
 * batcher; each batch becomes one new Parquet file, named in the table's landing journal (see
 * landing-journal.ts) before the batch counts as written.
 */
export class TableLanding {
  readonly batcher: MicroBatcher<LooseRow>;
  private sequence = 0;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly staging: StagingTable,
    private readonly directory: string,
    private readonly journal: string,
    limits: BatchLimits,
    private readonly log: Logger | undefined,
  ) {
    this.batcher = new MicroBatcher((rows) => this.writeBatch(rows), limits);
  }

  /** Creates the directory, the staging table and the zero-row schema file. */
  async prepare(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await this.staging.create();
    // read_parquet fails on a glob matching nothing: a zero-row file keeps the view readable.
    const schemaFile = join(this.directory, SCHEMA_FILE);
    if (!existsSync(schemaFile)) {
      await writeParquetAtomically(
        this.connection,
        this.staging.convertedSelect,
        schemaFile,
        this.directory,
      );
    }
  }

  /** Writes a batch as one new Parquet file; rows with bad values are refused one by one. */
  private async writeBatch(rows: readonly LooseRow[]): Promise<RowOutcomes> {
    const table = this.staging.table.name;
    const started = performance.now();
    const excluded = new Map<number, Error>();
    try {
      const missing = await this.staging.load(rows);
      for (const ordinal of missing) {
        excluded.set(ordinal, new PermanentSinkError(`${table}: row lacks a required value`));
      }
      const name = this.nextFileName();
      const target = join(this.directory, name);
      let written: boolean;
      try {
        written = await this.write(target, excluded, rows.length);
      } catch (error) {
        if (classifyDuckDbError(error, table).transient) throw error;
        const candidates = rows
          .map((_, ordinal) => ordinal)
          .filter((ordinal) => !excluded.has(ordinal));
        for (const [ordinal, message] of await this.staging.unconvertibleRows(candidates)) {
          excluded.set(ordinal, new PermanentSinkError(`${table}: ${message}`));
        }
        written = await this.write(target, excluded, rows.length);
      }
      if (written) await journalLanding(this.journal, name);
    } catch (error) {
      throw classifyDuckDbError(error, `writing ${table}`);
    }
    this.log?.log('DEBUG', 'Bronze batch landed', {
      table,
      rows: rows.length - excluded.size,
      ms: Math.round(performance.now() - started),
    });
    return rows.map((_, ordinal) => excluded.get(ordinal) ?? null);
  }

  /** Writes the rows not excluded as one file; false when there are none. */
  private async write(
    target: string,
    excluded: ReadonlyMap<number, Error>,
    rowCount: number,
  ): Promise<boolean> {
    if (excluded.size === rowCount) return false;
    const select = this.staging.selectExcluding(new Set(excluded.keys()));
    await writeParquetAtomically(this.connection, select, target, this.directory);
    return true;
  }

  private nextFileName(): string {
    this.sequence += 1;
    // Time-ordered names keep a directory listing in landing order; the UUID keeps processes apart.
    const stamp = Date.now().toString().padStart(14, '0');
    return `${stamp}-${String(this.sequence).padStart(8, '0')}-${randomUUID().slice(0, 8)}.parquet`;
  }
}

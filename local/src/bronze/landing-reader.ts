import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type TableDefinition,
} from '@salesflow/contract';
import { LandingLayout, sqlString } from './landing-layout.js';

/**
 * What the Bronze landing files hold, as keys that pair each row's Pub/Sub message id with what the
 * message carried (see `IngestLedger`): `message_id/event_id` for `sales_events`,
 * `message_id/sha256(raw_data)` for `sales_events_rejected` (the body as received).
 */
export interface LandedKeys {
  landed: Set<string>;
  rejected: Set<string>;
}

/**
 * Reads one column (or expression) from the Parquet landing files of a table that it has not read
 * before — no warehouse lock needed, so it works while ingestion and dbt run. Landed files never
 * change, so each is read once however often it is called.
 */
export class NewLandingFiles {
  private readonly layout: LandingLayout;
  private readonly seen = new Set<string>();
  private connection: DuckDBConnection | undefined;
  private instance: DuckDBInstance | undefined;

  constructor(warehousePath: string, landingDir?: string) {
    this.layout = new LandingLayout(warehousePath, landingDir);
  }

  /** Adds `expression` of each row of the table's new files to `into`; returns how many rows. */
  async read(table: TableDefinition, expression: string, into: Set<string>): Promise<number> {
    const directory = this.layout.tableDir(table);
    // While the landing storage is unreachable there is simply nothing new to read.
    const names = await readdir(directory).catch(() => [] as string[]);
    const files = names
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => join(directory, name))
      .filter((file) => !this.seen.has(file));
    if (files.length === 0) return 0;
    this.instance ??= await DuckDBInstance.create(':memory:');
    this.connection ??= await this.instance.connect();
    const reader = await this.connection.runAndReadAll(
      `SELECT ${expression} FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`,
    );
    for (const file of files) this.seen.add(file);
    const values = reader.getColumnsJson()[0] ?? [];
    for (const value of values) if (typeof value === 'string') into.add(value);
    return values.length;
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}

/** The keys found in the Bronze landing files so far; call {@link refresh} as often as needed. */
export class LandingIndex {
  private readonly files: NewLandingFiles;
  private readonly keys: LandedKeys = { landed: new Set(), rejected: new Set() };

  constructor(warehousePath: string, landingDir?: string) {
    this.files = new NewLandingFiles(warehousePath, landingDir);
  }

  /** Reads the files landed since the last call and returns the keys found so far. */
  async refresh(): Promise<LandedKeys> {
    await this.files.read(SALES_EVENTS_TABLE, "message_id || '/' || event_id", this.keys.landed);
    await this.files.read(
      SALES_EVENTS_REJECTED_TABLE,
      "message_id || '/' || sha256(raw_data)",
      this.keys.rejected,
    );
    return this.keys;
  }

  close(): void {
    this.files.close();
  }
}

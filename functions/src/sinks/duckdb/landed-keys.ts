import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type TableDefinition,
} from '@salesflow/contract';
import { LandingLayout, sqlString } from './landing-layout.js';

/** What the Bronze landing files hold, by keys that survive a republish. */
export interface LandedKeys {
  /** `event_id`s in `sales_events`. */
  eventIds: Set<string>;
  /** SHA-256 (lowercase hex) of each `raw_data` in `sales_events_rejected`: the message body as received. */
  rejectedDigests: Set<string>;
}

/**
 * Reads event ids and rejected-body digests straight from the Parquet landing files, as
 * `LandingIndex` does message ids: no warehouse lock needed, each landed file read once. Pub/Sub
 * message ids cannot match a republished message to its original (it gets a new id, and a restarted
 * emulator hands out the old ids again); these keys can.
 */
export class LandedKeysIndex {
  private readonly layout: LandingLayout;
  private readonly seen = new Set<string>();
  private readonly keys: LandedKeys = { eventIds: new Set(), rejectedDigests: new Set() };
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;

  constructor(warehousePath: string, landingDir?: string) {
    this.layout = new LandingLayout(warehousePath, landingDir);
  }

  /** Reads the files landed since the last call and returns the keys found so far. */
  async refresh(): Promise<LandedKeys> {
    this.instance ??= await DuckDBInstance.create(':memory:');
    this.connection ??= await this.instance.connect();
    await this.readNew(SALES_EVENTS_TABLE, 'event_id', this.keys.eventIds);
    await this.readNew(SALES_EVENTS_REJECTED_TABLE, 'sha256(raw_data)', this.keys.rejectedDigests);
    return this.keys;
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }

  private async readNew(table: TableDefinition, key: string, into: Set<string>): Promise<void> {
    const directory = this.layout.tableDir(table);
    // While the landing storage is unreachable there is simply nothing new to read.
    const names = await readdir(directory).catch(() => [] as string[]);
    const files = names
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => join(directory, name))
      .filter((file) => !this.seen.has(file));
    if (files.length === 0 || !this.connection) return;
    const reader = await this.connection.runAndReadAll(
      `SELECT ${key} FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`,
    );
    for (const file of files) this.seen.add(file);
    for (const value of reader.getColumnsJson()[0] ?? [])
      if (typeof value === 'string') into.add(value);
  }
}

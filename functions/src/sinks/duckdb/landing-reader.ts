import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type TableDefinition,
} from '@salesflow/contract';
import { LandingLayout, sqlString } from './landing-layout.js';

/** Distinct Pub/Sub message ids and row counts found in the Bronze landing files. */
export interface LandedMessages {
  eventMessageIds: Set<string>;
  rejectedMessageIds: Set<string>;
  eventRows: number;
  rejectedRows: number;
}

/**
 * Reads message ids straight from the Parquet landing files — no warehouse lock needed, so it works
 * while ingestion and dbt run. Landed files never change, so each is read once: call
 * {@link LandingIndex.refresh} as often as needed.
 */
export class LandingIndex {
  private readonly layout: LandingLayout;
  private readonly seen = new Set<string>();
  private readonly landed: LandedMessages = {
    eventMessageIds: new Set(),
    rejectedMessageIds: new Set(),
    eventRows: 0,
    rejectedRows: 0,
  };
  private connection: DuckDBConnection | undefined;
  private instance: DuckDBInstance | undefined;

  constructor(warehousePath: string, landingDir?: string) {
    this.layout = new LandingLayout(warehousePath, landingDir);
  }

  /** Reads the files landed since the last call and returns the totals so far. */
  async refresh(): Promise<LandedMessages> {
    this.instance ??= await DuckDBInstance.create(':memory:');
    this.connection ??= await this.instance.connect();
    this.landed.eventRows += await this.readNew(SALES_EVENTS_TABLE, this.landed.eventMessageIds);
    this.landed.rejectedRows += await this.readNew(
      SALES_EVENTS_REJECTED_TABLE,
      this.landed.rejectedMessageIds,
    );
    return this.landed;
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }

  private async readNew(table: TableDefinition, ids: Set<string>): Promise<number> {
    const directory = this.layout.tableDir(table);
    const names = await readdir(directory).catch(() => [] as string[]);
    const fresh = names.filter(
      (name) => name.endsWith('.parquet') && !this.seen.has(join(directory, name)),
    );
    if (fresh.length === 0 || !this.connection) return 0;
    const files = fresh.map((name) => join(directory, name));
    const reader = await this.connection.runAndReadAll(
      `SELECT message_id FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`,
    );
    for (const file of files) this.seen.add(file);
    const values = reader.getColumnsJson()[0] ?? [];
    for (const value of values) if (typeof value === 'string') ids.add(value);
    return values.length;
  }
}

/** One-off read of every landed message id (see {@link LandingIndex} for repeated reads). */
export async function readLandedMessages(
  warehousePath: string,
  landingDir?: string,
): Promise<LandedMessages> {
  const index = new LandingIndex(warehousePath, landingDir);
  try {
    return await index.refresh();
  } finally {
    index.close();
  }
}

import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type TableDefinition,
} from '@salesflow/contract';
import { JournalCursor } from './landing-journal.js';
import { LandingLayout, sqlString } from './landing-layout.js';

/**
 * Keys that pair each Bronze row's Pub/Sub message id with what the message carried (see
 * `IngestLedger`): `message_id/event_id` for `sales_events`, `message_id/sha256(raw_data)` for
 * `sales_events_rejected` (the body as received).
 */
export interface LandedKeys {
  landed: string[];
  rejected: string[];
}

/** What one {@link LandingIndex.refresh} read, and what the index has read in all. */
export interface LandingRead {
  /** Landing files and rows read by this refresh: what was new. */
  files: number;
  rows: number;
  /** Files and rows read since the index was created. */
  filesInAll: number;
  rowsInAll: number;
}

/**
 * Reads one column (or expression) from the Parquet landing files of a table that landed since the
 * last call, found through the table's landing journal — no warehouse lock and no listing of the
 * landing directory, so a call costs what is new however much has landed before, and it works while
 * ingestion and dbt run.
 */
export class NewLandingFiles {
  private readonly layout: LandingLayout;
  private readonly cursors = new Map<string, JournalCursor>();
  /** Files journaled but not read yet (their read failed: storage unreachable for a while). */
  private readonly pending = new Map<string, string[]>();
  private connection: DuckDBConnection | undefined;
  private instance: DuckDBInstance | undefined;

  constructor(warehousePath: string, landingDir?: string) {
    this.layout = new LandingLayout(warehousePath, landingDir);
  }

  /**
   * Starts following a table's journal from its current end; files that landed before are not
   * read. Reading a table not followed yet starts following it.
   */
  follow(table: TableDefinition): void {
    if (!this.cursors.has(table.name))
      this.cursors.set(table.name, new JournalCursor(this.layout.journal(table)));
  }

  /** `expression` of each row of the table's newly landed files, and how many files they were. */
  async read(
    table: TableDefinition,
    expression: string,
  ): Promise<{ files: number; values: string[] }> {
    this.follow(table);
    const directory = this.layout.tableDir(table);
    const files = [
      ...(this.pending.get(table.name) ?? []),
      ...(await this.cursors.get(table.name)!.next()).map((name) => join(directory, name)),
    ];
    this.pending.delete(table.name);
    if (files.length === 0) return { files: 0, values: [] };
    // Every file is read once, so DuckDB's cache of file contents only grows: with it, a live
    // stream's reader held on to every landing file it had read.
    this.instance ??= await DuckDBInstance.create(':memory:', {
      threads: '1',
      enable_external_file_cache: 'false',
    });
    this.connection ??= await this.instance.connect();
    let columns;
    try {
      const reader = await this.connection.runAndReadAll(
        `SELECT ${expression} FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`,
      );
      columns = reader.getColumnsJson();
    } catch {
      // Named in the journal, so they exist, but their storage is unreachable now: read them later.
      this.pending.set(table.name, files);
      return { files: 0, values: [] };
    }
    const values = (columns[0] ?? []).filter((value): value is string => typeof value === 'string');
    return { files: files.length, values };
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}

/** Receives the keys found in Bronze from the moment it is opened; see {@link LandingIndex.open}. */
export interface LandingFeed {
  /** The keys found since the last call (or since the feed was opened). */
  take(): LandedKeys;
  /** Stops receiving keys. */
  close(): void;
}

/**
 * What lands in Bronze, read as it lands: each {@link refresh} reads the landing files journaled
 * since the one before, once, and hands their keys to every open {@link LandingFeed}. The index
 * keeps no key itself, so it holds nothing that grows with what has landed.
 */
export class LandingIndex {
  private readonly files: NewLandingFiles;
  private readonly feeds = new Set<LandedKeys>();
  private refreshing: Promise<LandingRead> | undefined;
  private filesInAll = 0;
  private rowsInAll = 0;

  /** Follows the landing journals from their current end: what landed before is not read. */
  constructor(warehousePath: string, landingDir?: string) {
    this.files = new NewLandingFiles(warehousePath, landingDir);
    this.files.follow(SALES_EVENTS_TABLE);
    this.files.follow(SALES_EVENTS_REJECTED_TABLE);
  }

  /** A feed of the keys found by every refresh from now on. */
  open(): LandingFeed {
    let keys: LandedKeys = { landed: [], rejected: [] };
    this.feeds.add(keys);
    return {
      take: () => {
        const taken = keys;
        this.feeds.delete(taken);
        keys = { landed: [], rejected: [] };
        this.feeds.add(keys);
        return taken;
      },
      close: () => {
        this.feeds.delete(keys);
      },
    };
  }

  /** Reads the files landed since the last refresh (callers share one refresh at a time). */
  refresh(): Promise<LandingRead> {
    this.refreshing ??= this.readNew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async readNew(): Promise<LandingRead> {
    const landed = await this.files.read(SALES_EVENTS_TABLE, "message_id || '/' || event_id");
    const rejected = await this.files.read(
      SALES_EVENTS_REJECTED_TABLE,
      "message_id || '/' || sha256(raw_data)",
    );
    for (const feed of this.feeds) {
      for (const key of landed.values) feed.landed.push(key);
      for (const key of rejected.values) feed.rejected.push(key);
    }
    const files = landed.files + rejected.files;
    const rows = landed.values.length + rejected.values.length;
    this.filesInAll += files;
    this.rowsInAll += rows;
    return { files, rows, filesInAll: this.filesInAll, rowsInAll: this.rowsInAll };
  }

  close(): void {
    this.files.close();
  }
}

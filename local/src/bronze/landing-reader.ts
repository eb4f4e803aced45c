import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import {
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type TableDefinition,
} from '@salesflow/contract';
import { bodyKey, landedKey, payloadDigest } from '../ingest/ledger.js';
import { JournalCursor } from './landing-journal.js';
import { LandingLayout } from './landing-layout.js';

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

/** A row of a landing file with the columns asked for: strings, and `raw_data` as bytes. */
export type LandingRow = Record<string, unknown>;

/** The columns a table's key is made of, and how. */
export interface KeyOfRow {
  readonly columns: readonly string[];
  /** The row's key, or undefined for a row without one. */
  readonly key: (row: LandingRow) => string | undefined;
}

/**
 * Reads a key from each row of the Parquet landing files of a table that landed since the last
 * call, found through the table's landing journal — no warehouse lock and no listing of the
 * landing directory, so a call costs what is new however much has landed before, and it works while
 * ingestion and dbt run.
 *
 * Each file is read whole into JavaScript and decoded there (hyparquet), not by a query engine: a
 * live runner reads a few small files every half second for days, and what it reads is garbage the
 * moment its keys are taken, which V8's young generation collects where it was allocated. A DuckDB
 * connection doing the same left the allocator's arenas a little larger after each few thousand
 * queries.
 */
export class NewLandingFiles {
  private readonly layout: LandingLayout;
  private readonly cursors = new Map<string, JournalCursor>();
  /** Files journaled but not read yet (their read failed: storage unreachable for a while). */
  private readonly pending = new Map<string, string[]>();

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

  /** The key of each row of the table's newly landed files, and how many files they were. */
  async read(
    table: TableDefinition,
    keyOf: KeyOfRow,
  ): Promise<{ files: number; values: string[] }> {
    this.follow(table);
    const directory = this.layout.tableDir(table);
    const files = [
      ...(this.pending.get(table.name) ?? []),
      ...(await this.cursors.get(table.name)!.next()).map((name) => join(directory, name)),
    ];
    this.pending.delete(table.name);
    const values: string[] = [];
    for (const [position, file] of files.entries()) {
      let rows: LandingRow[];
      try {
        const bytes = await readFile(file);
        rows = await parquetReadObjects({
          file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
          columns: [...keyOf.columns],
          // Text columns come as strings (their type says so), bytes as bytes.
          utf8: false,
        });
      } catch {
        // Named in the journal, so it exists, but its storage is unreachable now: read it and
        // the files after it later.
        this.pending.set(table.name, files.slice(position));
        return { files: position, values };
      }
      for (const row of rows) {
        const key = keyOf.key(row);
        if (key !== undefined) values.push(key);
      }
    }
    return { files: files.length, values };
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** `sales_events` rows by `message_id/event_id`. */
export const LANDED_KEY: KeyOfRow = {
  columns: ['message_id', 'event_id'],
  key: (row) => {
    const messageId = text(row['message_id']);
    const eventId = text(row['event_id']);
    return messageId !== undefined && eventId !== undefined
      ? landedKey(messageId, eventId)
      : undefined;
  },
};

/** `sales_events_rejected` rows by `message_id/sha256(raw_data)`. */
export const REJECTED_KEY: KeyOfRow = {
  columns: ['message_id', 'raw_data'],
  key: (row) => {
    const messageId = text(row['message_id']);
    const body = row['raw_data'];
    return messageId !== undefined && body instanceof Uint8Array
      ? bodyKey(messageId, payloadDigest(body))
      : undefined;
  },
};

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
    const landed = await this.files.read(SALES_EVENTS_TABLE, LANDED_KEY);
    const rejected = await this.files.read(SALES_EVENTS_REJECTED_TABLE, REJECTED_KEY);
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
}

import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALES_EVENTS_TABLE } from '@salesflow/contract';
import { TransientSinkError } from '@salesflow/functions/sinks/port';
import { eventRow, rejectedRow } from '@salesflow/functions/test/support/rows';
import { DuckDbBronzeSink } from '../src/bronze/duckdb-sink.js';
import { JournalCursor } from '../src/bronze/landing-journal.js';
import { LandingLayout } from '../src/bronze/landing-layout.js';
import { LandingIndex, NewLandingFiles } from '../src/bronze/landing-reader.js';
import { bodyKey, landedKey, payloadDigest } from '../src/ingest/ledger.js';

let dir: string;
let warehouse: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesflow-landing-reader-'));
  warehouse = join(dir, 'warehouse.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The Parquet files of a landing directory that hold rows (not the zero-row schema file). */
const landedFiles = (directory: string): string[] =>
  readdirSync(directory).filter((name) => name.endsWith('.parquet') && !name.includes('schema'));

const openSink = () =>
  DuckDbBronzeSink.open({ warehousePath: warehouse, batch: { maxRows: 500, maxWaitMs: 1 } });

describe('JournalCursor', () => {
  it('reads each name once from where it stopped, leaving a line still being written', async () => {
    const journal = join(dir, '_landed.txt');
    writeFileSync(journal, 'before-1\nbefore-2\n');
    const cursor = new JournalCursor(journal);
    expect(await cursor.next()).toEqual([]);
    appendFileSync(journal, 'a\nb\npart');
    expect(await cursor.next()).toEqual(['a', 'b']);
    expect(await cursor.next()).toEqual([]);
    appendFileSync(journal, 'ial\nc\n');
    expect(await cursor.next()).toEqual(['partial', 'c']);
  });

  it('waits for a journal that does not exist yet, and reads it from its start', async () => {
    const journal = join(dir, '_landed.txt');
    const cursor = new JournalCursor(journal);
    expect(await cursor.next()).toEqual([]);
    writeFileSync(journal, 'first\n');
    expect(await cursor.next()).toEqual(['first']);
  });

  it('starts over with a journal that was replaced or truncated', async () => {
    const journal = join(dir, '_landed.txt');
    writeFileSync(journal, 'a\nb\n');
    const cursor = new JournalCursor(journal);
    writeFileSync(`${journal}.new`, 'c\n');
    renameSync(`${journal}.new`, journal);
    expect(await cursor.next()).toEqual(['c']);
    appendFileSync(journal, 'd\ne\n');
    expect(await cursor.next()).toEqual(['d', 'e']);
    writeFileSync(journal, 'f\n');
    expect(await cursor.next()).toEqual(['f']);
  });
});

describe('LandingIndex', () => {
  it('reads only the files landed since its last look, each once, and hands their keys to every open feed', async () => {
    const rows = [0, 1, 2, 3].map((n) => eventRow(n));
    const sink = await openSink();
    await sink.writeEvents([rows[0]!]);
    // What landed before the index existed is not news to it.
    const index = new LandingIndex(warehouse);
    const first = index.open();
    await sink.writeEvents([rows[1]!, rows[2]!]);
    await sink.writeRejected([rejectedRow(Buffer.from('{'), 'bad-1')]);
    expect(await index.refresh()).toEqual({ files: 2, rows: 3, filesInAll: 2, rowsInAll: 3 });
    const second = index.open();
    await sink.writeEvents([rows[3]!]);
    expect(await index.refresh()).toEqual({ files: 1, rows: 1, filesInAll: 3, rowsInAll: 4 });
    expect(await index.refresh()).toEqual({ files: 0, rows: 0, filesInAll: 3, rowsInAll: 4 });
    await sink.close();

    const key = (n: number) => landedKey(`m-${n}`, rows[n]!.event_id);
    const taken = first.take();
    expect(taken.landed.sort()).toEqual([key(1), key(2), key(3)].sort());
    expect(taken.rejected).toHaveLength(1);
    expect(first.take()).toEqual({ landed: [], rejected: [] });
    expect(second.take()).toEqual({ landed: [key(3)], rejected: [] });
    first.close();
    second.close();
    index.close();
  });

  it('finds files through the journal only: a file nobody journaled is not read', async () => {
    const sink = await openSink();
    const index = new LandingIndex(warehouse);
    const feed = index.open();
    await sink.writeEvents([eventRow(1)]);
    expect(await index.refresh()).toMatchObject({ files: 1, rows: 1 });
    expect(feed.take().landed).toHaveLength(1);
    // Copies of the landed file under other names, never journaled.
    const directory = new LandingLayout(warehouse).tableDir(SALES_EVENTS_TABLE);
    const file = landedFiles(directory)[0]!;
    for (let copy = 0; copy < 50; copy += 1)
      await copyFile(join(directory, file), join(directory, `${copy}-${file}`));
    expect(await index.refresh()).toMatchObject({ files: 0, rows: 0 });
    expect(feed.take().landed).toEqual([]);
    await sink.close();
    index.close();
  });

  it('reads a journaled file that could not be read once it can, without losing it', async () => {
    const sink = await openSink();
    const index = new LandingIndex(warehouse);
    const feed = index.open();
    const row = eventRow(1);
    await sink.writeEvents([row]);
    const directory = new LandingLayout(warehouse).tableDir(SALES_EVENTS_TABLE);
    const file = join(directory, landedFiles(directory)[0]!);
    renameSync(file, `${file}.away`);
    expect(await index.refresh()).toMatchObject({ files: 0, rows: 0 });
    renameSync(`${file}.away`, file);
    expect(await index.refresh()).toMatchObject({ files: 1, rows: 1 });
    expect(feed.take().landed).toEqual([landedKey('m-1', row.event_id)]);
    await sink.close();
    index.close();
  });
  it('keys a rejected body by the digest of its exact bytes, as the ledger does, even when they are not UTF-8', async () => {
    const sink = await openSink();
    const index = new LandingIndex(warehouse);
    const feed = index.open();
    const body = Uint8Array.from([0x7b, 0xff, 0xfe, 0x00, 0x22]);
    await sink.writeRejected([rejectedRow(body, 'bad-1')]);
    expect(await index.refresh()).toMatchObject({ files: 1, rows: 1 });
    expect(feed.take().rejected).toEqual([bodyKey('bad-1', payloadDigest(body))]);
    await sink.close();
    index.close();
  });
});

describe('NewLandingFiles', () => {
  it("keeps none of the files it has read in DuckDB's cache of file contents", async () => {
    const sink = await openSink();
    const files = new NewLandingFiles(warehouse);
    files.follow(SALES_EVENTS_TABLE);
    await sink.writeEvents([eventRow(1), eventRow(2)]);
    expect(await files.read(SALES_EVENTS_TABLE, 'event_id')).toMatchObject({ files: 1 });
    await sink.writeEvents([eventRow(3)]);
    // Asked on the reader's own connection, as the expression it reads from the next file.
    const cached = await files.read(
      SALES_EVENTS_TABLE,
      '(SELECT count(*) FROM duckdb_external_file_cache())::VARCHAR',
    );
    expect(cached).toEqual({ files: 1, values: ['0'] });
    await sink.close();
    files.close();
  });
});

describe('the sink names each landed file in its table journal', () => {
  it('journals a file once it is in place, and none for a batch it refused whole', async () => {
    const sink = await openSink();
    const layout = new LandingLayout(warehouse);
    const cursor = new JournalCursor(layout.journal(SALES_EVENTS_TABLE));
    await sink.writeEvents([eventRow(1), eventRow(2)]);
    const names = await cursor.next();
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d{14}-\d{8}-[0-9a-f]{8}\.parquet$/);
    await expect(sink.writeEvents([{ ...eventRow(3), event_time: 'soon' }])).rejects.toThrow();
    expect(await cursor.next()).toEqual([]);
    await sink.close();
  });

  it('fails the batch when its file cannot be journaled, so Pub/Sub delivers it again', async () => {
    const sink = await openSink();
    const journal = new LandingLayout(warehouse).journal(SALES_EVENTS_TABLE);
    rmSync(journal, { force: true });
    mkdirSync(journal);
    const failure = await sink.writeEvents([eventRow(1)]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientSinkError);
    rmSync(journal, { recursive: true });
    await sink.writeEvents([eventRow(1)]);
    await sink.close();
  });
});

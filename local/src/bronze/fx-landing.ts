import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FxRateRow } from '@salesflow/contract';
import { PermanentSinkError } from '@salesflow/functions/sinks/port';
import { classifyDuckDbError } from './errors.js';
import { sqlString } from './landing-layout.js';
import { writeParquetAtomically } from './parquet-files.js';
import type { LooseRow, StagingTable } from './staging.js';

const RATE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `bronze.fx_rates` as one Parquet file per rate date. An upsert rewrites the day's file as the new
 * rows plus the old rows of other keys, so writing the same day twice never doubles it. Upserts run
 * one at a time.
 */
export class FxLanding {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly staging: StagingTable,
    private readonly directory: string,
  ) {}

  /** Upserts rows by (rate_date, base_currency, quote_currency); the last row of a key wins. */
  upsert(rows: readonly FxRateRow[]): Promise<void> {
    const next = this.queue.then(() => this.write(rows));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the upserts under way. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async write(rows: readonly FxRateRow[]): Promise<void> {
    const byDate = new Map<string, Map<string, FxRateRow>>();
    for (const row of rows) {
      // The date names the file: anything but YYYY-MM-DD could escape the directory.
      if (!RATE_DATE.test(row.rate_date))
        throw new PermanentSinkError(`fx_rates: bad rate_date ${JSON.stringify(row.rate_date)}`);
      const day = byDate.get(row.rate_date) ?? new Map<string, FxRateRow>();
      day.set(`${row.base_currency}/${row.quote_currency}`, row);
      byDate.set(row.rate_date, day);
    }
    for (const [date, day] of byDate) {
      const target = join(this.directory, `rate_date=${date}.parquet`);
      try {
        const missing = await this.staging.load([...day.values()] as unknown as LooseRow[]);
        if (missing.size > 0)
          throw new PermanentSinkError(`fx_rates: a row for ${date} lacks a required value`);
        let select = this.staging.convertedSelect;
        if (existsSync(target)) {
          select =
            `${select} UNION ALL BY NAME SELECT * FROM read_parquet(${sqlString(target)}) ` +
            `WHERE (base_currency, quote_currency) NOT IN (SELECT base_currency, quote_currency FROM ${this.staging.name})`;
        }
        await writeParquetAtomically(
          this.connection,
          `SELECT * FROM (${select}) ORDER BY quote_currency`,
          target,
          this.directory,
        );
      } catch (error) {
        if (error instanceof PermanentSinkError) throw error;
        throw classifyDuckDbError(error, `writing fx_rates for ${date}`);
      }
    }
  }
}

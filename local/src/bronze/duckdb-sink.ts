import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  FX_RATES_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type BronzeEventRow,
  type BronzeRejectedRow,
  type FxRateRow,
  type TableDefinition,
} from '@salesflow/contract';
import type { Logger } from '@salesflow/functions/logging/logger';
import type { BatchLimits } from '@salesflow/functions/sinks/micro-batcher';
import type { BronzeSink } from '@salesflow/functions/sinks/port';
import { FxLanding } from './fx-landing.js';
import { LandingLayout } from './landing-layout.js';
import { StagingTable, type LooseRow } from './staging.js';
import { TableLanding } from './table-landing.js';
import { ensureWarehouse, type LockRetry } from './warehouse.js';

/** Options of {@link DuckDbBronzeSink.open}. */
export interface DuckDbSinkOptions {
  /** The DuckDB warehouse file that gets the `bronze.*` views. */
  warehousePath: string;
  /** Where Parquet micro-batches land; beside the warehouse by default. */
  landingDir?: string | undefined;
  batch: BatchLimits;
  log?: Logger;
  lockRetry?: LockRetry;
}

const BRONZE_TABLES = [SALES_EVENTS_TABLE, SALES_EVENTS_REJECTED_TABLE, FX_RATES_TABLE] as const;

/**
 * The local Bronze sink. Rows land as Parquet micro-batch files under a landing directory, and the
 * warehouse file only holds views over them (`bronze.sales_events` = `read_parquet(...)`). Ingestion
 * therefore never holds DuckDB's single-writer lock on the warehouse, and dbt can run at any time
 * while events keep landing; see functions/README.md for the trade-offs.
 */
export class DuckDbBronzeSink implements BronzeSink {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connections: readonly DuckDBConnection[],
    private readonly events: TableLanding,
    private readonly rejected: TableLanding,
    private readonly fx: FxLanding,
    /** Settles once the warehouse views exist (or creating them failed, which is logged). */
    readonly warehouseReady: Promise<void>,
    readonly layout: LandingLayout,
  ) {}

  /** Prepares the landing directories and (in the background) the warehouse views. */
  static async open(options: DuckDbSinkOptions): Promise<DuckDbBronzeSink> {
    const layout = new LandingLayout(options.warehousePath, options.landingDir);
    // Each statement converts and writes one small batch: more threads cost more in hand-offs
    // than they save, and take CPU from the request handling that shares the process.
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connections: DuckDBConnection[] = [];
    // One connection per table: DuckDB runs one statement at a time per connection.
    const landingFor = async (table: TableDefinition): Promise<TableLanding> => {
      const connection = await instance.connect();
      connections.push(connection);
      return new TableLanding(
        connection,
        new StagingTable(connection, table),
        layout.tableDir(table),
        layout.journal(table),
        options.batch,
        options.log,
      );
    };
    const events = await landingFor(SALES_EVENTS_TABLE);
    const rejected = await landingFor(SALES_EVENTS_REJECTED_TABLE);
    const fxConnection = await instance.connect();
    connections.push(fxConnection);
    const fxStaging = new StagingTable(fxConnection, FX_RATES_TABLE);
    const fxFiles = new TableLanding(
      fxConnection,
      fxStaging,
      layout.tableDir(FX_RATES_TABLE),
      layout.journal(FX_RATES_TABLE),
      options.batch,
      options.log,
    );
    await Promise.all([events.prepare(), rejected.prepare(), fxFiles.prepare()]);
    const fx = new FxLanding(fxConnection, fxStaging, layout.tableDir(FX_RATES_TABLE));
    const warehouseReady = ensureWarehouse(
      options.warehousePath,
      layout,
      BRONZE_TABLES,
      options.lockRetry,
    ).catch((error: unknown) => {
      options.log?.log('ERROR', 'could not create the Bronze views in the warehouse', {
        warehouse: options.warehousePath,
        error: (error as Error).message,
      });
    });
    return new DuckDbBronzeSink(
      instance,
      connections,
      events,
      rejected,
      fx,
      warehouseReady,
      layout,
    );
  }

  writeEvents(rows: readonly BronzeEventRow[]): Promise<void> {
    return this.events.batcher.add(rows as unknown as LooseRow[]);
  }

  writeRejected(rows: readonly BronzeRejectedRow[]): Promise<void> {
    return this.rejected.batcher.add(rows as unknown as LooseRow[]);
  }

  writeFxRates(rows: readonly FxRateRow[]): Promise<void> {
    return this.fx.upsert(rows);
  }

  async close(): Promise<void> {
    await Promise.all([this.events.batcher.close(), this.rejected.batcher.close(), this.fx.idle()]);
    await this.warehouseReady;
    for (const connection of this.connections) connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Lands FX rates in `bronze.fx_rates` (an upsert per day and currency) and creates the warehouse's
 * Bronze views, as a run does before it ingests anything.
 */
export async function landFxRates(
  warehousePath: string,
  rates: readonly FxRateRow[],
): Promise<void> {
  const sink = await DuckDbBronzeSink.open({
    warehousePath,
    batch: { maxRows: 5_000, maxWaitMs: 10 },
  });
  try {
    await sink.writeFxRates(rates);
    await sink.warehouseReady;
  } finally {
    await sink.close();
  }
}

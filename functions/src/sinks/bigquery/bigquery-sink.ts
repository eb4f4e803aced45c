import { createHash } from 'node:crypto';
import { BigQuery, type Table } from '@google-cloud/bigquery';
import {
  FX_RATES_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  type BronzeEventRow,
  type BronzeRejectedRow,
  type FxRateRow,
} from '@salesflow/contract';
import { MicroBatcher, type BatchLimits, type RowOutcomes } from '../micro-batcher.js';
import { PermanentSinkError, TransientSinkError, type BronzeSink } from '../port.js';
import { classifyBigQueryError, isTransientReason } from './errors.js';
import { fxRatesMergeSql } from './fx-rates-merge.js';

/** Options of {@link BigQueryBronzeSink}. */
export interface BigQuerySinkOptions {
  projectId: string;
  /** Dataset of the Bronze tables (`bronze`). */
  dataset: string;
  /** Another endpoint than Google's, e.g. a local BigQuery emulator (no credentials are used then). */
  apiEndpoint?: string | undefined;
  /** Client-side retries of a failed request before the error reaches the caller. */
  maxRetries: number;
  batch: BatchLimits;
}

/** A row as insertAll takes it with `raw: true`: our own insertId and the JSON-API values. */
interface RawInsertRow {
  insertId: string;
  json: Record<string, unknown>;
}

interface InsertFailure {
  row?: RawInsertRow;
  errors?: { reason?: string; message?: string }[];
}

/** insertId of a rejected row: the same message (id and bytes) always gets the same id. */
export function rejectedInsertId(row: BronzeRejectedRow): string {
  return createHash('sha256')
    .update(row.message_id ?? '')
    .update('\0')
    .update(row.raw_data)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The production Bronze sink: streaming inserts (`tabledata.insertAll`) with our own insertId —
 * the event_id for events — so BigQuery's best-effort dedup absorbs most redeliveries; Silver
 * removes the rest. FX rates are merged through a query job, which makes re-runs idempotent.
 */
export class BigQueryBronzeSink implements BronzeSink {
  private readonly client: BigQuery;
  private readonly events: MicroBatcher<RawInsertRow>;
  private readonly rejected: MicroBatcher<RawInsertRow>;

  constructor(private readonly options: BigQuerySinkOptions) {
    this.client = new BigQuery({
      projectId: options.projectId,
      maxRetries: options.maxRetries,
      autoRetry: options.maxRetries > 0,
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    });
    const dataset = this.client.dataset(options.dataset);
    const eventsTable = dataset.table(SALES_EVENTS_TABLE.name);
    const rejectedTable = dataset.table(SALES_EVENTS_REJECTED_TABLE.name);
    this.events = new MicroBatcher((rows) => insertRows(eventsTable, rows), options.batch);
    this.rejected = new MicroBatcher((rows) => insertRows(rejectedTable, rows), options.batch);
  }

  writeEvents(rows: readonly BronzeEventRow[]): Promise<void> {
    return this.events.add(rows.map((row) => ({ insertId: row.event_id, json: { ...row } })));
  }

  writeRejected(rows: readonly BronzeRejectedRow[]): Promise<void> {
    return this.rejected.add(
      rows.map((row) => ({ insertId: rejectedInsertId(row), json: { ...row } })),
    );
  }

  async writeFxRates(rows: readonly FxRateRow[]): Promise<void> {
    if (rows.length === 0) return;
    const table = `\`${this.options.projectId}.${this.options.dataset}.${FX_RATES_TABLE.name}\``;
    // Newest row per key wins, as MERGE refuses a source with two rows for one target row.
    const latest = new Map(
      rows.map((row) => [`${row.rate_date}|${row.base_currency}|${row.quote_currency}`, row]),
    );
    const query = fxRatesMergeSql(table);
    try {
      await this.client.query({
        query,
        params: { rows: [...latest.values()].map((row) => ({ ...row })) },
      });
    } catch (error) {
      throw classifyBigQueryError(error, 'merging fx_rates');
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.rejected.close()]);
  }
}

/**
 * One insertAll request. `skipInvalidRows` lets the valid rows of a batch land while each invalid
 * row reports its own reason; the outcome is per row.
 */
async function insertRows(table: Table, rows: readonly RawInsertRow[]): Promise<RowOutcomes> {
  try {
    await table.insert([...rows], {
      raw: true,
      skipInvalidRows: true,
      ignoreUnknownValues: false,
      partialRetries: 0,
    });
    return rows.map(() => null);
  } catch (error) {
    const failures = (error as { name?: string; errors?: InsertFailure[] }).errors;
    if ((error as { name?: string }).name !== 'PartialFailureError' || !Array.isArray(failures)) {
      throw classifyBigQueryError(error, `insertAll into ${table.id ?? 'table'}`);
    }
    const byRow = new Map<RawInsertRow, Error>();
    for (const failure of failures) {
      if (!failure.row) continue;
      const reasons = (failure.errors ?? []).map((item) => item.reason);
      const text = (failure.errors ?? [])
        .map((item) => `${item.reason ?? 'error'}: ${item.message ?? ''}`)
        .join('; ');
      const message = `insertAll into ${table.id ?? 'table'} refused row ${failure.row.insertId}: ${text}`;
      const permanent = reasons.some((reason) => !isTransientReason(reason));
      byRow.set(
        failure.row,
        permanent ? new PermanentSinkError(message) : new TransientSinkError(message),
      );
    }
    return rows.map((row) => byRow.get(row) ?? null);
  }
}

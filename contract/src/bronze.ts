/**
 * Bronze table layout — the one definition behind the BigQuery table schemas (infra), the DuckDB
 * DDL (local warehouse) and the row types the sinks write.
 */

/** Column types, named as BigQuery names them. */
export type ColumnType = 'STRING' | 'BYTES' | 'INT64' | 'NUMERIC' | 'TIMESTAMP' | 'DATE' | 'JSON';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly mode: 'REQUIRED' | 'NULLABLE';
  readonly description: string;
}

export interface TableDefinition {
  readonly dataset: 'bronze';
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDefinition[];
  /** Day-partitioning column (BigQuery). */
  readonly partitionColumn: string;
  readonly clustering: readonly string[];
}

const column = (
  name: string,
  type: ColumnType,
  mode: ColumnDefinition['mode'],
  description: string,
): ColumnDefinition => ({ name, type, mode, description });

const ingestionColumns = [
  column('message_id', 'STRING', 'NULLABLE', 'Pub/Sub message id.'),
  column('publish_time', 'TIMESTAMP', 'NULLABLE', 'When Pub/Sub accepted the message.'),
  column('attributes', 'JSON', 'NULLABLE', 'Pub/Sub message attributes as a JSON object.'),
  column(
    'ingested_at',
    'TIMESTAMP',
    'REQUIRED',
    'When the row was written to Bronze (partition column).',
  ),
  column(
    'ingest_path',
    'STRING',
    'REQUIRED',
    'Which path landed the row: function, dataflow or subscription.',
  ),
];

export const SALES_EVENTS_TABLE: TableDefinition = {
  dataset: 'bronze',
  name: 'sales_events',
  description:
    'Every valid sales event as received, append-only and at-least-once: duplicates are expected and removed in Silver.',
  columns: [
    column(
      'event_id',
      'STRING',
      'REQUIRED',
      'Event UUID; the same logical event always carries the same id.',
    ),
    column('event_type', 'STRING', 'REQUIRED', 'order_placed or order_refunded.'),
    column('event_time', 'TIMESTAMP', 'REQUIRED', 'When the event happened at the source.'),
    column('schema_version', 'INT64', 'REQUIRED', 'Contract version of the payload.'),
    column('payload', 'JSON', 'REQUIRED', 'The full event as JSON.'),
    ...ingestionColumns,
  ],
  partitionColumn: 'ingested_at',
  clustering: ['event_type', 'event_id'],
};

export const SALES_EVENTS_REJECTED_TABLE: TableDefinition = {
  dataset: 'bronze',
  name: 'sales_events_rejected',
  description:
    'Messages that broke the contract, kept byte for byte with a machine-readable reason.',
  columns: [
    column('raw_data', 'BYTES', 'REQUIRED', 'The message body exactly as received.'),
    column('error_reason', 'STRING', 'REQUIRED', 'Reject reason code (see the contract).'),
    column('error_details', 'JSON', 'NULLABLE', 'Every contract issue: [{path, code, message}].'),
    ...ingestionColumns,
  ],
  partitionColumn: 'ingested_at',
  clustering: ['error_reason'],
};

export const FX_RATES_TABLE: TableDefinition = {
  dataset: 'bronze',
  name: 'fx_rates',
  description: 'Daily reference FX rates (base EUR), one row per business day and quote currency.',
  columns: [
    column('rate_date', 'DATE', 'REQUIRED', 'Business day the rate applies to.'),
    column('base_currency', 'STRING', 'REQUIRED', 'Base currency (EUR for ECB rates).'),
    column('quote_currency', 'STRING', 'REQUIRED', 'Quote currency: 1 base = rate quote.'),
    column('rate', 'NUMERIC', 'REQUIRED', 'Units of quote currency per one unit of base currency.'),
    column('source', 'STRING', 'REQUIRED', 'Where the rate came from: ecb or generator.'),
    column('ingested_at', 'TIMESTAMP', 'REQUIRED', 'When the row was written.'),
  ],
  partitionColumn: 'rate_date',
  clustering: ['quote_currency'],
};

export const BRONZE_TABLES: readonly TableDefinition[] = [
  SALES_EVENTS_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  FX_RATES_TABLE,
];

/** The ingestion paths that write Bronze. */
export const INGEST_PATHS = ['function', 'dataflow', 'subscription'] as const;
export type IngestPath = (typeof INGEST_PATHS)[number];

/** A `bronze.sales_events` row. Timestamps are RFC 3339 UTC strings; JSON columns are JSON text. */
export interface BronzeEventRow {
  event_id: string;
  event_type: string;
  event_time: string;
  schema_version: number;
  payload: string;
  message_id: string | null;
  publish_time: string | null;
  attributes: string | null;
  ingested_at: string;
  ingest_path: IngestPath;
}

/** A `bronze.sales_events_rejected` row; `raw_data` is base64, as BigQuery's JSON API carries BYTES. */
export interface BronzeRejectedRow {
  raw_data: string;
  error_reason: string;
  error_details: string | null;
  message_id: string | null;
  publish_time: string | null;
  attributes: string | null;
  ingested_at: string;
  ingest_path: IngestPath;
}

/** A `bronze.fx_rates` row; `rate` is a decimal string so no precision is lost on the way. */
export interface FxRateRow {
  rate_date: string;
  base_currency: string;
  quote_currency: string;
  rate: string;
  source: string;
  ingested_at: string;
}

/** BigQuery JSON schema field (the shape `bq mk --schema` and Terraform's `schema` take). */
export interface BigQueryField {
  name: string;
  type: ColumnType;
  mode: 'REQUIRED' | 'NULLABLE';
  description: string;
}

/** The BigQuery schema of a Bronze table. */
export function bigQuerySchema(table: TableDefinition): BigQueryField[] {
  return table.columns.map(({ name, type, mode, description }) => ({
    name,
    type,
    mode,
    description,
  }));
}

const DUCKDB_TYPES: Record<ColumnType, string> = {
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38, 9)',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATE: 'DATE',
  JSON: 'JSON',
};

/** `CREATE TABLE IF NOT EXISTS` for a Bronze table in DuckDB (schema `bronze`). */
export function duckDbDdl(table: TableDefinition): string {
  const columns = table.columns
    .map((c) => `  ${c.name} ${DUCKDB_TYPES[c.type]}${c.mode === 'REQUIRED' ? ' NOT NULL' : ''}`)
    .join(',\n');
  return `CREATE TABLE IF NOT EXISTS ${table.dataset}.${table.name} (\n${columns}\n)`;
}

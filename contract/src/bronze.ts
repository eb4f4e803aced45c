/**
 * Bronze table layout — the one definition behind the BigQuery table schemas (infra), the DuckDB
 * DDL (local warehouse), dbt's sources and the row types the sinks write. Three tables follow our
 * contract; two have a layout a Google product dictates (the Dataflow template's dead-letter
 * table and the Pub/Sub BigQuery subscription's landing table), defined here all the same so that
 * every environment, the local one included, creates all five alike.
 */

/** Scalar column types, named as BigQuery names them. */
export type ScalarType = 'STRING' | 'BYTES' | 'INT64' | 'NUMERIC' | 'TIMESTAMP' | 'DATE' | 'JSON';

/** Column types: a scalar, or a RECORD of nested columns. */
export type ColumnType = ScalarType | 'RECORD';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** REPEATED only for a column whose layout a Google product dictates. */
  readonly mode: 'REQUIRED' | 'NULLABLE' | 'REPEATED';
  readonly description: string;
  /** The nested columns of a RECORD. */
  readonly fields?: readonly ColumnDefinition[];
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
    column('payload', 'JSON', 'REQUIRED', 'The full event as JSON (raw, including customer PII).'),
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

/**
 * `bronze.sales_events_error_records`: the dead-letter table of Google's `PubSub_to_BigQuery_Flex`
 * template, in the template's own layout (DataflowTemplates, `v2/googlecloud-to-googlecloud/src/
 * main/resources/schema/pubsubmessage_deadletter_table_schema.json`). The template would create it
 * on its first failure; the warehouse creates it up front in every environment so that the
 * rejections model can always read it.
 */
export const DATAFLOW_ERROR_TABLE: TableDefinition = {
  dataset: 'bronze',
  name: 'sales_events_error_records',
  description:
    "Messages the Dataflow template or our UDF could not write; the template's own layout.",
  columns: [
    column('timestamp', 'TIMESTAMP', 'REQUIRED', 'When the failure happened.'),
    column('payloadString', 'STRING', 'NULLABLE', 'Message body as text.'),
    column('payloadBytes', 'BYTES', 'NULLABLE', 'Message body as bytes.'),
    {
      name: 'attributes',
      type: 'RECORD',
      mode: 'REPEATED',
      description: 'Pub/Sub attributes.',
      fields: [
        column('key', 'STRING', 'NULLABLE', 'Attribute name.'),
        column('value', 'STRING', 'NULLABLE', 'Attribute value.'),
      ],
    },
    column('errorMessage', 'STRING', 'NULLABLE', 'Why the write failed.'),
    column('stacktrace', 'STRING', 'NULLABLE', 'Where it failed.'),
  ],
  partitionColumn: 'timestamp',
  clustering: [],
};

/**
 * `bronze.sales_events_subscription`: the landing table of the Pub/Sub BigQuery subscription,
 * written with `write_metadata = true` and neither the topic's nor the table's schema: Pub/Sub
 * fills `subscription_name`, `message_id`, `publish_time` and `attributes` (every attribute, plus
 * the ordering key when there is one, as one JSON object) and puts the message body in `data`.
 * `data` is BYTES, not STRING, so that every message lands as it was published: a body that is not
 * UTF-8 could not be written to a STRING column and would stall in the subscription instead of
 * reaching the rejections model. No contract check runs before this table; dbt validates the rows
 * against the contract in SQL.
 */
export const SUBSCRIPTION_LANDING_TABLE: TableDefinition = {
  dataset: 'bronze',
  name: 'sales_events_subscription',
  description:
    'Raw messages written by the Pub/Sub BigQuery subscription (message body as bytes plus Pub/Sub metadata); Silver validates them against the contract.',
  columns: [
    column('subscription_name', 'STRING', 'NULLABLE', 'Subscription that wrote the row.'),
    column('message_id', 'STRING', 'REQUIRED', 'Pub/Sub message id.'),
    column('publish_time', 'TIMESTAMP', 'REQUIRED', 'When Pub/Sub accepted the message.'),
    column('data', 'BYTES', 'NULLABLE', 'The message body exactly as published.'),
    column(
      'attributes',
      'JSON',
      'NULLABLE',
      'Pub/Sub message attributes (and the ordering key, if any) as a JSON object.',
    ),
  ],
  partitionColumn: 'publish_time',
  clustering: [],
};

/** The Bronze tables whose layout a Google product dictates rather than our contract. */
export const PRODUCT_BRONZE_TABLES: readonly TableDefinition[] = [
  DATAFLOW_ERROR_TABLE,
  SUBSCRIPTION_LANDING_TABLE,
];

/** Every Bronze table; each environment creates all of them. */
export const BRONZE_TABLES: readonly TableDefinition[] = [
  SALES_EVENTS_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  FX_RATES_TABLE,
  ...PRODUCT_BRONZE_TABLES,
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

/**
 * A `bronze.sales_events_subscription` row as Pub/Sub writes it; `data` is base64, as BigQuery's
 * JSON API carries BYTES, and `attributes` is JSON text.
 */
export interface SubscriptionLandingRow {
  subscription_name: string | null;
  message_id: string;
  publish_time: string;
  data: string | null;
  attributes: string | null;
}

/** BigQuery JSON schema field (the shape `bq mk --schema` and Terraform's `schema` take). */
export interface BigQueryField {
  name: string;
  type: ColumnType;
  mode: ColumnDefinition['mode'];
  description: string;
  fields?: BigQueryField[];
}

function bigQueryField({ name, type, mode, description, fields }: ColumnDefinition): BigQueryField {
  return fields === undefined
    ? { name, type, mode, description }
    : { name, type, mode, description, fields: fields.map(bigQueryField) };
}

/** The BigQuery schema of a Bronze table. */
export function bigQuerySchema(table: TableDefinition): BigQueryField[] {
  return table.columns.map(bigQueryField);
}

const DUCKDB_TYPES: Record<ScalarType, string> = {
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38, 9)',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATE: 'DATE',
  JSON: 'JSON',
};

// Column names are quoted: the Dataflow template's layout uses `timestamp`, `key` and `value`.
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function duckDbType(column: ColumnDefinition): string {
  const base =
    column.type === 'RECORD'
      ? `STRUCT(${(column.fields ?? []).map((f) => `${quoted(f.name)} ${duckDbType(f)}`).join(', ')})`
      : DUCKDB_TYPES[column.type];
  return column.mode === 'REPEATED' ? `${base}[]` : base;
}

/** `CREATE TABLE IF NOT EXISTS` for a Bronze table in DuckDB (schema `bronze`). */
export function duckDbDdl(table: TableDefinition): string {
  const columns = table.columns
    .map((c) => `  ${quoted(c.name)} ${duckDbType(c)}${c.mode === 'REQUIRED' ? ' NOT NULL' : ''}`)
    .join(',\n');
  return `CREATE TABLE IF NOT EXISTS ${table.dataset}.${table.name} (\n${columns}\n)`;
}

/**
 * The Bronze tables whose layout a Google product dictates (the Dataflow template's dead-letter
 * table, the Pub/Sub BigQuery subscription's landing table). Their definition lives in the
 * contract beside the other Bronze tables, so the BigQuery schema, the DuckDB DDL and dbt's
 * sources come from one place; this module hands them to the stacks with their BigQuery fields.
 */
import {
  DATAFLOW_ERROR_TABLE as DATAFLOW_ERROR_DEFINITION,
  SUBSCRIPTION_LANDING_TABLE as SUBSCRIPTION_LANDING_DEFINITION,
  bigQuerySchema,
  type BigQueryField,
  type TableDefinition,
} from '@salesflow/contract';

/** A product-dictated Bronze table with its BigQuery schema fields (nested RECORDs included). */
export type ExternalTable = TableDefinition & { readonly fields: readonly BigQueryField[] };

const withFields = (table: TableDefinition): ExternalTable => ({
  ...table,
  fields: bigQuerySchema(table),
});

/** `bronze.sales_events_error_records`, the Dataflow template's dead-letter table. */
export const DATAFLOW_ERROR_TABLE: ExternalTable = withFields(DATAFLOW_ERROR_DEFINITION);

/** `bronze.sales_events_subscription`, where the Pub/Sub BigQuery subscription writes. */
export const SUBSCRIPTION_LANDING_TABLE: ExternalTable = withFields(
  SUBSCRIPTION_LANDING_DEFINITION,
);

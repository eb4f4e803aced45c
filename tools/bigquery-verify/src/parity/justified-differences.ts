/**
 * Differences between the BigQuery and the DuckDB build of the same Bronze sample that are
 * accepted, each with the reason. An entry names one column of one table; the parity check fails
 * on any other difference, and on an entry that no longer matches a difference (so the list
 * cannot outlive what it excuses).
 */
import type { JustifiedDifference } from './compare.js';

export const JUSTIFIED_DIFFERENCES: readonly JustifiedDifference[] = [
  {
    table: 'silver.stg_rejections',
    column: 'details',
    kind: 'json-text',
    reason:
      "the issues of a function rejection are the engine's text of the JSON column error_details: " +
      'BigQuery writes object keys in its own order, DuckDB keeps the order they arrived in. Same JSON value.',
  },
  // The subscription's rejections reach stg_rejections through their own model.
  ...['silver.stg_subscription_rejections', 'silver.stg_rejections'].flatMap((table) =>
    (['reason', 'details'] as const).map((column): JustifiedDifference => ({
      table,
      column,
      kind: 'value',
      where: { message_id: 'subscription: huge integer literal' },
      reason:
        "a 400-digit JSON number through the BigQuery subscription: BigQuery's JSON parser refuses a number " +
        "beyond FLOAT64's range even with wide_number_mode 'round', so the message is invalid_json; DuckDB " +
        'parses it and the shape check refuses the quantity (schema_violation, as the ingest function does). ' +
        'Rejected on both engines, one check earlier on BigQuery.',
    })),
  ),
  {
    table: 'silver.stg_sales_events',
    column: 'items',
    kind: 'type',
    reason:
      'JSON on BigQuery, a LIST of STRUCTs on DuckDB (macros/portability/event.sql: DuckDB parses each payload ' +
      'once into a typed struct); the order lines hold the same values.',
  },
];

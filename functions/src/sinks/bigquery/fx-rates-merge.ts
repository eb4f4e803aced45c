/**
 * The BigQuery statement that merges FX rates into Bronze. Its one query parameter, `@rows`, is
 * the array of {@link FxRateRow}s as the client sends them: every field a STRING.
 */
import type { FxRateRow } from '@salesflow/contract';

/** The fields of each `@rows` element, in order (all STRING). */
export const FX_RATES_MERGE_ROW_FIELDS: readonly (keyof FxRateRow)[] = [
  'rate_date',
  'base_currency',
  'quote_currency',
  'rate',
  'source',
  'ingested_at',
];

/** The MERGE into `table` (a backquoted `project.dataset.table`) from `@rows`. */
export function fxRatesMergeSql(table: string): string {
  return `
MERGE ${table} AS target
USING (
  SELECT DATE(r.rate_date) AS rate_date, r.base_currency, r.quote_currency,
         CAST(r.rate AS NUMERIC) AS rate, r.source, TIMESTAMP(r.ingested_at) AS ingested_at
  FROM UNNEST(@rows) AS r
) AS source
ON target.rate_date = source.rate_date
   AND target.base_currency = source.base_currency
   AND target.quote_currency = source.quote_currency
WHEN MATCHED THEN
  UPDATE SET rate = source.rate, source = source.source, ingested_at = source.ingested_at
WHEN NOT MATCHED THEN
  INSERT (rate_date, base_currency, quote_currency, rate, source, ingested_at)
  VALUES (source.rate_date, source.base_currency, source.quote_currency, source.rate, source.source, source.ingested_at)`;
}

/**
 * The minimum Gold contract the design fixes: columns of `gold.fct_orders` that dashboards rely
 * on and that keep their names and meaning once shipped. The YAML must describe each of them,
 * mark it `meta: {contract: true}` and declare its type.
 */
import type { GoldCatalog } from './catalog.js';

/** The model the design's contract is about. */
export const CONTRACT_MODEL = 'fct_orders';

/** Its contract columns, as the design lists them. */
export const DESIGN_CONTRACT_COLUMNS = [
  'order_id',
  'customer_id',
  'store_id',
  'ordered_at',
  'order_date',
  'country',
  'channel',
  'currency',
  'payment_method',
  'items_count',
  'order_total',
  'order_total_reporting',
  'refund_total_reporting',
  'net_total_reporting',
  'reporting_currency',
] as const;

/** Where the catalog falls short of the design's contract, one line each (empty when it holds). */
export function contractProblems(catalog: GoldCatalog): string[] {
  const model = catalog.models.find(({ name }) => name === CONTRACT_MODEL);
  if (model === undefined) return [`no Gold model ${CONTRACT_MODEL} in dbt/models/marts`];
  const where = `dbt/${model.yamlPath}`;
  return DESIGN_CONTRACT_COLUMNS.flatMap((name) => {
    const column = model.columns.find((candidate) => candidate.name === name);
    if (column === undefined) return [`${CONTRACT_MODEL}.${name} is missing from ${where}`];
    return [
      ...(column.contract
        ? []
        : [`${CONTRACT_MODEL}.${name} is not marked meta: {contract: true} in ${where}`]),
      ...(column.dataType ? [] : [`${CONTRACT_MODEL}.${name} has no data_type in ${where}`]),
      ...(column.description.trim()
        ? []
        : [`${CONTRACT_MODEL}.${name} has no description in ${where}`]),
    ];
  });
}

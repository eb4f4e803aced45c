/**
 * Realistic mistakes a model author makes when writing for DuckDB and forgetting BigQuery: each is
 * valid DuckDB (the mutant test builds them on dbt-duckdb) and invalid GoogleSQL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One mistake injected into one model's SQL. */
export interface Mutant {
  readonly name: string;
  /** Model file, relative to the dbt project. */
  readonly file: string;
  /** The dbt node the check must name. */
  readonly node: string;
  readonly find: string;
  readonly replace: string;
  /** What GoogleSQL says about it. */
  readonly expected: RegExp;
}

export const MUTANTS: readonly Mutant[] = [
  {
    name: "DuckDB's date_diff argument order",
    file: 'models/marts/sales/mart_customer_rfm.sql',
    node: 'model.salesflow.mart_customer_rfm',
    find: "{{ days_between('per_customer.last_order_date', 'reference.reference_date') }}",
    replace: "date_diff('day', per_customer.last_order_date, reference.reference_date)",
    expected: /date part|DATE_DIFF/i,
  },
  {
    name: 'an aggregate FILTER clause',
    file: 'models/marts/sales/mart_payment_methods.sql',
    node: 'model.salesflow.mart_payment_methods',
    find: 'count(*) as orders,',
    replace: 'count(*) filter (where order_total_reporting > 0) as orders,',
    expected: /Syntax error/,
  },
  {
    name: 'a :: cast',
    file: 'models/marts/sales/mart_refunds.sql',
    node: 'model.salesflow.mart_refunds',
    find: 'count(*) as refunds,',
    replace: 'count(*)::bigint as refunds,',
    expected: /Syntax error/,
  },
  {
    name: 'a STRING column compared to an INT64 column',
    file: 'models/marts/sales/mart_vip_customers.sql',
    node: 'model.salesflow.mart_vip_customers',
    find: 'where ranked.spend_rank <=',
    replace: 'where ranked.customer_id <> ranked.orders and ranked.spend_rank <=',
    expected: /No matching signature for operator !=|STRING, INT64/,
  },
  {
    name: 'a DuckDB-only function',
    file: 'models/marts/core/dim_date.sql',
    node: 'model.salesflow.dim_date',
    find: "{{ day_name('date_day') }} as day_name,",
    replace: "strftime(date_day, '%A') as day_name,",
    expected: /Function not found: strftime/,
  },
  {
    name: "DuckDB's date_trunc argument order",
    file: 'models/marts/sales/mart_currency_mix.sql',
    node: 'model.salesflow.mart_currency_mix',
    find: 'group by order_date, currency, reporting_currency',
    replace: "group by order_date, currency, reporting_currency, date_trunc('month', order_date)",
    expected: /DATE_TRUNC|date part|literal "month"/i,
  },
];

/** Writes every mutant into the dbt project copy at `projectDir`; throws when one no longer applies. */
export function applyMutants(projectDir: string, mutants: readonly Mutant[] = MUTANTS): void {
  for (const mutant of mutants) {
    const path = join(projectDir, mutant.file);
    const source = readFileSync(path, 'utf8');
    if (!source.includes(mutant.find)) {
      throw new Error(
        `mutant "${mutant.name}" no longer applies: ${mutant.file} has no \`${mutant.find}\` (update the mutant)`,
      );
    }
    writeFileSync(path, source.replace(mutant.find, mutant.replace));
  }
}

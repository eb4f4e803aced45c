/**
 * The data tests bite: Bronze that is contract-valid event by event but wrong as a whole makes
 * exactly the tests that guard those rules fail, and nothing else — an order in a currency without
 * any FX rate fails the conversion checks. A producer's conflict is not such a failure: refunds
 * adding up to more than their order are resolved by the refund rule (the one that exceeds does not
 * apply and is listed in int_order_conflicts), and the guards of that rule fail only when a model
 * breaks it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, SalesEvent } from '@salesflow/contract';
import { loadBronze, query } from './support/bronze-loader.js';
import { SeededRandom } from './support/random.js';
import { buildSalesHistory, NO_CHAOS, type LandedEvent } from './support/sales-history.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

interface RunResults {
  results: { unique_id: string; status: string; failures: number | null }[];
}

interface Manifest {
  nodes: Record<
    string,
    { name: string; relation_name?: string; attached_node?: string; test_metadata?: { name: string; kwargs: { columns?: string[] } } }
  >;
}

/** Rows of each failing `not_null_columns` test's model with a NULL in a required column that is not about the reporting currency. */
async function nullsBesideReportingAmounts(warehouse: string, targetDir: string, failed: readonly string[]): Promise<Record<string, number>> {
  const manifest = JSON.parse(await readFile(join(targetDir, 'manifest.json'), 'utf8')) as Manifest;
  const counts: Record<string, number> = {};
  for (const node of Object.values(manifest.nodes)) {
    const columns = node.test_metadata?.name === 'not_null_columns' ? node.test_metadata.kwargs.columns : undefined;
    if (!columns || !failed.includes(node.name) || !node.attached_node) continue;
    const relation = manifest.nodes[node.attached_node]?.relation_name;
    const others = columns.filter((column) => !/(^|_)reporting(_|$)/.test(column));
    if (!relation || others.length === 0) continue;
    const [row] = await query(warehouse, `SELECT count(*) AS n FROM ${relation} WHERE ${others.map((column) => `${column} IS NULL`).join(' OR ')}`);
    counts[node.name] = Number(row?.['n']);
  }
  return counts;
}

const history = buildSalesHistory({
  start: '2026-02-02',
  days: 10,
  ordersPerDay: 8,
  seed: 5,
  customers: 20,
  products: 15,
  refundRate: 0,
  customerChangeRate: 0,
  chaos: NO_CHAOS,
});

/** Two refunds of 60 % each of one order, and one order paid in a currency nobody quotes. */
function brokenEvents(): LandedEvent[] {
  const random = new SeededRandom(99);
  const orders = history.landed.filter((row): row is LandedEvent & { event: OrderEvent } => row.event.event_type === 'order_placed');
  const refunded = orders[3];
  const repriced = orders[5];
  if (!refunded || !repriced) throw new Error('history too small');
  const refund = (share: number, days: number): SalesEvent => ({
    ...refunded.event,
    event_id: random.uuid(),
    event_type: 'order_refunded',
    event_time: new Date(Date.parse(refunded.event.event_time) + days * 86_400_000).toISOString(),
    refund: { original_order_id: refunded.event.order_id, reason: 'defective', amount: Math.floor(refunded.event.amounts.total * share) },
  });
  const unquoted: SalesEvent = { ...repriced.event, event_id: random.uuid(), order_id: `${repriced.event.order_id}-SEK`, currency: 'SEK' };
  const land = (event: SalesEvent, index: number): LandedEvent => ({
    event,
    ingestedAt: new Date(Date.parse('2026-02-13T00:00:00Z') + index * 1000),
    messageId: `broken-${index}`,
    ingestPath: 'function',
  });
  return [refund(0.6, 1), refund(0.6, 2), unquoted].map(land);
}

describe('dbt data tests on broken data', () => {
  let fixture: WarehouseFixture;

  beforeAll(async () => {
    fixture = await createWarehouseFixture('broken');
    await loadBronze(fixture.warehouse, history);
    await loadBronze(fixture.warehouse, { landed: brokenEvents() });
  }, 120_000);

  afterAll(async () => {
    await fixture?.dispose();
  });

  it('fails the conversion rules, and only those; resolves the over-refund as a conflict', async () => {
    // Build first and test afterwards: inside one `dbt build` a failing test would skip the models
    // downstream of it, and with them the tests that must fail there.
    await fixture.dbt.runOk(['build', '--exclude', 'resource_type:test', 'resource_type:unit_test']);
    const result = await fixture.dbt.run(['test', '--exclude', 'resource_type:unit_test']);
    expect(result.code).not.toBe(0);
    const runResults = JSON.parse(await readFile(join(fixture.dbt.targetDir, 'run_results.json'), 'utf8')) as RunResults;
    const failed = runResults.results
      .filter((r) => r.status === 'fail' || r.status === 'error')
      .map((r) => r.unique_id.split('.')[2] ?? r.unique_id)
      .sort();
    expect(failed).toContain('not_null_columns_int_orders');
    expect(failed).toContain('assert_reporting_amounts_follow_published_rates');
    // A share of an unconvertible revenue is unknown too, so the currency-mix range check fails with it.
    const expected = /^(expression_is_true_mart_currency_mix|not_null_columns_|assert_reporting_amounts)/;
    expect(failed.filter((name) => !expected.test(name))).toEqual([]);
    // The required-columns tests fail for the unconvertible amounts, not for any other column.
    const others = await nullsBesideReportingAmounts(fixture.warehouse, fixture.dbt.targetDir, failed);
    expect(Object.keys(others)).toContain('not_null_columns_int_orders');
    expect(Object.values(others).every((count) => count === 0), JSON.stringify(others)).toBe(true);

    // The second 60 % refund would take its order over the total: it does not apply, and is listed
    // as a conflict next to the order's event; the order keeps the first refund only.
    const order = history.landed.filter((row) => row.event.event_type === 'order_placed')[3]?.event;
    const refunds = await query(
      fixture.warehouse,
      `SELECT r.refund_status, c.reason, c.winning_event_id, r.refund_amount
       FROM silver.int_refunds r LEFT JOIN silver.int_order_conflicts c ON c.event_id = r.refund_id
       WHERE r.order_id = '${order?.order_id ?? ''}' ORDER BY r.refunded_at`,
    );
    expect(refunds.map((row) => [row['refund_status'], row['reason'], row['winning_event_id']])).toEqual([
      ['applied', null, null],
      ['over_order_total', 'refund_over_order_total', order?.event_id],
    ]);
    const [fact] = await query(fixture.warehouse, `SELECT refund_total, refund_count FROM gold.fct_orders WHERE order_id = '${order?.order_id ?? ''}'`);
    expect([Number(fact?.['refund_total']), Number(fact?.['refund_count'])]).toEqual([Number(refunds[0]?.['refund_amount']), 1]);
  }, 900_000);

  it("fails the refund rule's guard when a model applies a refund over its order total", async () => {
    const over = await query(fixture.warehouse, `SELECT refund_id FROM silver.int_refunds WHERE refund_status = 'over_order_total'`);
    expect(over).toHaveLength(1);
    const refundId = String(over[0]?.['refund_id']);
    await query(fixture.warehouse, `UPDATE silver.int_refunds SET refund_status = 'applied' WHERE refund_id = '${refundId}'`);
    try {
      const result = await fixture.dbt.run(['test', '--select', 'int_refunds,test_name:children_sum_not_above']);
      expect(result.code).not.toBe(0);
      const runResults = JSON.parse(await readFile(join(fixture.dbt.targetDir, 'run_results.json'), 'utf8')) as RunResults;
      const tests = runResults.results.filter((r) => r.unique_id.startsWith('test.'));
      expect(tests.map((r) => [r.unique_id.split('.')[2]?.startsWith('children_sum_not_above_int_refunds_refund_amount'), r.status, r.failures])).toEqual([
        [true, 'fail', 1],
      ]);
    } finally {
      await query(fixture.warehouse, `UPDATE silver.int_refunds SET refund_status = 'over_order_total' WHERE refund_id = '${refundId}'`);
    }
  }, 300_000);

  it('catches a fact row keyed to the wrong dimension version and an order whose lines do not add up', async () => {
    const [order] = await query(fixture.warehouse, `SELECT order_id, customer_id FROM gold.fct_orders ORDER BY order_id LIMIT 1`);
    const [item] = await query(fixture.warehouse, `SELECT order_item_id, order_id FROM gold.fct_order_items ORDER BY order_item_id DESC LIMIT 1`);
    if (!order || !item) throw new Error('the build left no facts');
    await query(
      fixture.warehouse,
      `UPDATE gold.fct_orders SET customer_key = (SELECT customer_key FROM gold.dim_customers WHERE customer_id <> '${String(order['customer_id'])}' LIMIT 1)
       WHERE order_id = '${String(order['order_id'])}'`,
    );
    await query(fixture.warehouse, `UPDATE gold.fct_order_items SET ordered_at = TIMESTAMPTZ '1899-12-31 00:00:00+00' WHERE order_item_id = '${String(item['order_item_id'])}'`);
    await query(fixture.warehouse, `UPDATE silver.int_order_items SET gross_amount = gross_amount + 1 WHERE order_item_id = '${String(item['order_item_id'])}'`);
    const result = await fixture.dbt.run(['test', '--select', 'assert_fact_rows_match_exactly_one_dimension_version', 'assert_order_lines_add_up_to_order_totals']);
    expect(result.code).not.toBe(0);
    const runResults = JSON.parse(await readFile(join(fixture.dbt.targetDir, 'run_results.json'), 'utf8')) as RunResults;
    // The order's customer, and the moved line's customer and product: three fact links.
    expect(runResults.results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2], r.status, r.failures]).sort()).toEqual([
      ['assert_fact_rows_match_exactly_one_dimension_version', 'fail', 3],
      ['assert_order_lines_add_up_to_order_totals', 'fail', 1],
    ]);
  }, 300_000);

  it('fails a key test for a duplicated key and for a missing one, one failure each', async () => {
    const [store] = await query(fixture.warehouse, `SELECT store_id FROM gold.dim_stores ORDER BY store_id LIMIT 1`);
    if (!store) throw new Error('the build left no stores');
    await query(fixture.warehouse, `INSERT INTO gold.dim_stores SELECT * FROM gold.dim_stores WHERE store_id = '${String(store['store_id'])}'`);
    await query(fixture.warehouse, `INSERT INTO gold.dim_stores SELECT * REPLACE (NULL AS store_id) FROM gold.dim_stores LIMIT 1`);
    const result = await fixture.dbt.run(['test', '--select', 'primary_key_dim_stores_store_id']);
    expect(result.code).not.toBe(0);
    const runResults = JSON.parse(await readFile(join(fixture.dbt.targetDir, 'run_results.json'), 'utf8')) as RunResults;
    expect(runResults.results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2], r.status, r.failures])).toEqual([
      ['primary_key_dim_stores_store_id', 'fail', 2],
    ]);
  }, 300_000);
});

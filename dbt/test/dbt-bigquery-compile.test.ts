/**
 * The project compiles for the `bigquery` target without a connection (explicit project, a dummy
 * OAuth token that is never used, no introspection), in both the full-refresh and the incremental
 * branch, into the SQL shapes BigQuery prunes partitions by. Whether BigQuery accepts that SQL is
 * GoogleSQL's analyzer's call: tools/bigquery-verify checks every statement dbt-bigquery issues.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbtRunner } from './support/dbt-runner.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

const COMPILE = ['compile', '--no-introspect', '--no-populate-cache', '--exclude', 'resource_type:unit_test'];

describe('BigQuery target, offline', () => {
  let fixture: WarehouseFixture;
  let bigquery: DbtRunner;

  beforeAll(async () => {
    fixture = await createWarehouseFixture('bigquery');
    bigquery = new DbtRunner({
      warehouse: fixture.warehouse,
      workDir: join(fixture.dir, 'bigquery'),
      target: 'bigquery',
      env: { BQ_PROJECT: 'salesflow-offline', BQ_LOCATION: 'EU', BQ_AUTH_METHOD: 'oauth-secrets', BQ_OAUTH_TOKEN: 'offline-never-sent' },
    });
  });

  afterAll(async () => {
    await fixture?.dispose();
  });

  it('compiles the full-refresh branch', async () => {
    await bigquery.runOk(COMPILE, { vars: { offline_compile: true } });

    const staging = await readFile(join(bigquery.targetDir, 'compiled/salesflow/models/staging/stg_sales_events.sql'), 'utf8');
    expect(staging).toContain('`salesflow-offline`.`bronze`.`sales_events`');
    expect(staging).toContain("json_value(parsed.event_fields, '$.order_id')");
    expect(staging).toMatch(/to_hex\(sha256\(lower\(trim\(/);
  }, 300_000);

  it('compiles the incremental branch with literal, partition-pruning cut-offs', async () => {
    await bigquery.runOk([...COMPILE, '--select', 'config.materialized:incremental'], {
      vars: { offline_compile: true, offline_assume_incremental: true },
    });
    const staging = await readFile(join(bigquery.targetDir, 'compiled/salesflow/models/staging/stg_sales_events.sql'), 'utf8');
    expect(staging).toContain("ingested_at >= timestamp_sub(timestamp('2000-01-01T00:00:00+00:00'), interval 72 hour)");
    expect(staging).toMatch(/already_landed/);
    // The revenue marts filter their input on literal periods, which BigQuery prunes partitions by.
    const marts = join(bigquery.targetDir, 'compiled/salesflow/models/marts/sales');
    const daily = await readFile(join(marts, 'mart_revenue_daily.sql'), 'utf8');
    expect(daily).toContain("where order_date in (date '2000-01-01')");
    const monthly = await readFile(join(marts, 'mart_revenue_monthly.sql'), 'utf8');
    expect(monthly).toContain("(order_date >= date '2000-01-01' and order_date < date '2000-02-01')");
    const stores = await readFile(join(marts, 'mart_store_performance.sql'), 'utf8');
    // Its orders, lines and deliveries.
    expect(stores.match(/order_date >= date '2000-01-01' and order_date < date '2000-02-01'/g)).toHaveLength(3);
    const delivery = await readFile(join(marts, 'mart_delivery_performance.sql'), 'utf8');
    expect(delivery).toContain("(order_date >= date '2000-01-01' and order_date < date '2000-02-01')");
    // DuckDB writes these tables in date order for its min/max skipping; BigQuery partitions them.
    expect(daily).not.toMatch(/order by order_date\s*$/);
    // BigQuery bills every read of a table in full: the fact reads the lines it rebuilds once, not
    // in two halves as DuckDB does (the re-keyed orders are found on three narrow columns).
    const facts = await readFile(
      join(bigquery.targetDir, 'compiled/salesflow/models/marts/core/fct_order_items.sql'),
      'utf8',
    );
    expect(facts.match(/select \* from `salesflow-offline`\.`silver`\.`int_order_items`/g)).toHaveLength(1);
    expect(facts).toContain("where ingested_at >= timestamp_sub(timestamp('2000-01-01T00:00:00+00:00'), interval 72 hour) or order_id in");

    // A scheduled round re-reads round_lookback_hours instead of lookback_days.
    await bigquery.runOk([...COMPILE, '--select', 'stg_sales_events'], {
      vars: { offline_compile: true, offline_assume_incremental: true, scheduled_round: true },
    });
    const round = await readFile(join(bigquery.targetDir, 'compiled/salesflow/models/staging/stg_sales_events.sql'), 'utf8');
    expect(round).toContain("ingested_at >= timestamp_sub(timestamp('2000-01-01T00:00:00+00:00'), interval 2 hour)");
  }, 300_000);
});

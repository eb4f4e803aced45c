import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROUND_ARGS, runDbt, runRound } from '@salesflow/local';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { queryWarehouse } from './run-support.js';

const dir = mkdtempSync(join(tmpdir(), 'salesflow-dbt-interrupted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a dbt round killed mid-build', () => {
  it(
    'is simply run again: the warehouse recovers, Silver has no duplicates and every test passes',
    { timeout: 600_000 },
    async () => {
      const warehouse = join(dir, 'w.duckdb');
      const built = await runCli([
        'run',
        '--events',
        '1500',
        '--days',
        '5',
        '--periods',
        '1',
        '--live-seconds',
        '0',
        '--warehouse',
        warehouse,
        '--dashboard',
        join(dir, 'd.html'),
      ]);
      expect(built.code, built.stderr).toBe(0);

      // Kill the next round with SIGKILL (the worst case: no cleanup) once it is building models.
      let killed = false;
      const context = { warehouse, vars: { reporting_currency: 'USD' } };
      let pid = 0;
      const interrupted = await runDbt(ROUND_ARGS, {
        ...context,
        onStart: (childPid) => {
          pid = childPid;
        },
        onLine: (line) => {
          if (!killed && /START sql (incremental|table) model/.test(line)) {
            killed = true;
            setTimeout(() => process.kill(pid, 'SIGKILL'), 500);
          }
        },
      });
      expect(killed).toBe(true);
      expect(interrupted.ok).toBe(false);

      const rerun = await runRound(context);
      expect(rerun.ok).toBe(true);
      const [check] = await queryWarehouse(
        warehouse,
        `select (select count(*) - count(distinct event_id) from silver.stg_sales_events) as duplicate_events,
              (select count(*) - count(distinct order_id) from gold.fct_orders) as duplicate_orders,
              (select count(distinct event_id) from bronze.sales_events) as bronze_events,
              (select count(*) from silver.stg_sales_events) as silver_events`,
      );
      expect(Number(check!['duplicate_events'])).toBe(0);
      expect(Number(check!['duplicate_orders'])).toBe(0);
      expect(Number(check!['silver_events'])).toBe(Number(check!['bronze_events']));
    },
  );
});

/**
 * Builds a real local warehouse with Gold for the dashboard tests: a deterministic sales history
 * (duplicates, late arrivals, refunds, rejections) loaded into Bronze, then the project's own dbt
 * build over it. Some names carry HTML/script injection strings so the tests can prove they render
 * as text.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The dbt suite's own history builder, Bronze loader and dbt runner, reused as they are. They live
 * outside this TypeScript project, so they are imported at run time against the small surface used
 * here instead of pulling the dbt test tree into the cli build.
 */
interface DbtSupport {
  readonly history: {
    buildSalesHistory(options: Record<string, unknown>): {
      landed: LandedCopy[];
      rejected: unknown[];
    };
    DEFAULT_CHAOS: unknown;
  };
  readonly loader: { loadBronze(path: string, history: unknown): Promise<void> };
  readonly runner: {
    DbtRunner: new (options: { warehouse: string; workDir: string }) => {
      runOk(args: readonly string[]): Promise<{ seconds: number }>;
    };
  };
}

async function dbtSupport(): Promise<DbtSupport> {
  const dir = new URL('../../dbt/test/support/', import.meta.url).href;
  const [history, loader, runner] = await Promise.all([
    import(`${dir}sales-history.ts`),
    import(`${dir}bronze-loader.ts`),
    import(`${dir}dbt-runner.ts`),
  ]);
  return { history, loader, runner } as DbtSupport;
}

/** Injection strings without spaces, so Silver's name masking keeps them whole. */
export const HOSTILE_STORE_NAME = '<img/src=x/onerror=window.__pwned=1>';
export const HOSTILE_CUSTOMER_NAME = '<script>window.__pwned=2</script>';

/** The morning after the history ends: pages stamped with it (and their screenshots) stay identical run to run. */
export const GENERATED_AT = new Date('2026-02-19T06:00:00Z');

/** One Bronze copy of an event, as the history builder lands it. */
export interface LandedCopy {
  readonly event: {
    readonly event_id: string;
    readonly event_type: string;
    readonly order_id: string;
    readonly event_time: string;
    readonly store: { store_id: string; name: string };
    /** Absent on lifecycle events (order_shipped, order_delivered). */
    readonly customer?: { customer_id: string; full_name: string };
  };
  readonly ingestedAt: Date;
}

export interface GoldWarehouse {
  readonly path: string;
  /** Every Bronze row of sales events that was loaded, duplicates included. */
  readonly landed: readonly LandedCopy[];
  /** Rejected messages loaded into Bronze. */
  readonly rejected: number;
  readonly dir: string;
  readonly dbtSeconds: number;
}

/** Generates history, loads Bronze and runs `dbt build` into a fresh DuckDB file. */
export async function buildGoldWarehouse(): Promise<GoldWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'salesflow-dashboard-'));
  const path = join(dir, 'warehouse.duckdb');
  const { history: historyModule, loader, runner } = await dbtSupport();
  const history = historyModule.buildSalesHistory({
    start: '2026-01-05',
    days: 45,
    ordersPerDay: 30,
    seed: 42,
    customers: 150,
    products: 40,
    refundRate: 0.08,
    customerChangeRate: 0.1,
    chaos: historyModule.DEFAULT_CHAOS,
    shipRate: 0.9,
  });
  for (const landed of history.landed) {
    const { event } = landed;
    if (event.store.store_id === 'ST-GB-WEB-01') event.store.name = HOSTILE_STORE_NAME;
    // Every third customer, so the top-customer table is sure to show some.
    if (event.customer && Number(event.customer.customer_id.replace(/\D/g, '')) % 3 === 0)
      event.customer.full_name = HOSTILE_CUSTOMER_NAME;
  }
  await loader.loadBronze(path, history);
  const dbt = new runner.DbtRunner({ warehouse: path, workDir: join(dir, 'dbt') });
  const result = await dbt.runOk(['build']);
  return {
    path,
    dir,
    landed: history.landed,
    rejected: history.rejected.length,
    dbtSeconds: result.seconds,
  };
}

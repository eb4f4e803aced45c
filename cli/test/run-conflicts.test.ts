/**
 * A producer's conflict, as a new user meets it: six orders of the first period get a second
 * order_placed event in the second — another valid order re-keyed to the same order_id, with fewer
 * lines, an earlier event_time, a new event_id and another store. `salesflow run --input FILE
 * --periods 2 --live-seconds 0` once failed period 2's round (a daily mart key held twice: the
 * winning event's line replaced one old line and left the others). Now both rounds pass, the
 * earlier events win, the losers are listed and counted, and Gold equals a full refresh.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, SalesEvent } from '@salesflow/contract';
import { createGenerator } from '@salesflow/generator';
import { runCli } from './helpers.js';
import { queryWarehouse, summaryNumber } from './run-support.js';

const FROM = Date.parse('2026-11-20T00:00:00Z');
const TO = Date.parse('2026-11-27T00:00:00Z');
const COMPETING = 6;

/** The dbt suite's runner and warehouse comparison, loaded at run time (outside this TS project). */
interface DbtSupport {
  readonly runner: {
    DbtRunner: new (options: { warehouse: string; workDir: string }) => {
      runOk(args: readonly string[]): Promise<unknown>;
    };
  };
  readonly equivalence: {
    compareWarehouses(incremental: string, rebuilt: string): Promise<{ relation: string }[]>;
  };
}

async function dbtSupport(): Promise<DbtSupport> {
  const dir = new URL('../../dbt/test/support/', import.meta.url).href;
  const [runner, equivalence] = await Promise.all([
    import(`${dir}dbt-runner.ts`),
    import(`${dir}round-equivalence.ts`),
  ]);
  return { runner, equivalence } as DbtSupport;
}

const day = (event: SalesEvent): string =>
  new Date(Date.parse(event.event_time)).toISOString().slice(0, 10);

/**
 * The replay file: a seeded week, then a competing event for six orders of its first half. The
 * orders chosen have a later line whose product the same store sold on the same day in another
 * order, so a line left over from the old event doubles a daily mart key.
 */
function replay(): { lines: string[]; competing: SalesEvent[]; fx: string } {
  const generator = createGenerator({ seed: 7, events: 1_500, from: FROM, to: TO });
  const events = [...generator].map((message) => message.event as SalesEvent);
  const firstHalf = events
    .slice(0, events.length / 2)
    .filter((event): event is OrderEvent => event.event_type === 'order_placed');
  const sold = new Map<string, number>();
  const soldKey = (event: SalesEvent, productId: string): string =>
    `${day(event)}|${event.store.store_id}|${productId}`;
  for (const event of firstHalf)
    for (const item of event.items)
      sold.set(
        soldKey(event, item.product_id),
        (sold.get(soldKey(event, item.product_id)) ?? 0) + 1,
      );
  const clashes = (event: OrderEvent): boolean =>
    event.items.slice(1).some((item) => (sold.get(soldKey(event, item.product_id)) ?? 0) > 1);
  const targets = firstHalf
    .filter((event) => event.items.length >= 3 && clashes(event))
    .slice(0, COMPETING);
  const used = new Set<string>();
  const competing = targets.map((target, index) => {
    const donor = firstHalf.find(
      (event) =>
        event.items.length === 1 &&
        event.store.country !== target.store.country &&
        !used.has(event.event_id),
    );
    if (!donor) throw new Error('no donor order');
    used.add(donor.event_id);
    return {
      ...donor,
      event_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      order_id: target.order_id,
      event_time: new Date(Date.parse(target.event_time) - 3_600_000).toISOString(),
    };
  });
  if (competing.length !== COMPETING) throw new Error('not enough orders to compete with');
  const fx = generator
    .fxRatesFor(FROM - 7 * 86_400_000, TO)
    .map((row) => JSON.stringify(row))
    .join('\n');
  return { lines: [...events, ...competing].map((event) => JSON.stringify(event)), competing, fx };
}

describe('salesflow run with competing order events', () => {
  let dir: string;
  const input = replay();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'salesflow-conflicts-'));
    await writeFile(join(dir, 'events.ndjson'), `${input.lines.join('\n')}\n`);
    await writeFile(join(dir, 'fx.ndjson'), `${input.fx}\n`);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'runs both rounds, keeps the earlier events, lists the losers and equals a full refresh',
    { timeout: 900_000 },
    async () => {
      const warehouse = join(dir, 'run', 'warehouse.duckdb');
      const result = await runCli([
        'run',
        ...['--input', join(dir, 'events.ndjson'), '--fx', join(dir, 'fx.ndjson')],
        ...['--periods', '2', '--live-seconds', '0'],
        ...['--warehouse', warehouse, '--dashboard', join(dir, 'dashboard.html')],
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        /dbt: period 2\/2 done in [\d.]+s — PASS=\d+ WARN=0 ERROR=0 SKIP=0/,
      );

      const ids = input.competing.map((event) => `'${event.order_id}'`).join(', ');
      const orders = await queryWarehouse(
        warehouse,
        `select o.order_id, o.items_count, o.country, (select count(*) from gold.fct_order_items i where i.order_id = o.order_id) as lines
       from gold.fct_orders o where o.order_id in (${ids}) order by o.order_id`,
      );
      const won = new Map(input.competing.map((event) => [event.order_id, event]));
      expect(
        orders.map((row) => [
          row['order_id'],
          Number(row['items_count']),
          Number(row['lines']),
          row['country'],
        ]),
      ).toEqual(
        [...won.values()]
          .sort((a, b) => a.order_id.localeCompare(b.order_id))
          .map((event) => [event.order_id, 1, 1, event.store.country]),
      );
      const conflicts = await queryWarehouse(
        warehouse,
        `select order_id, winning_event_id from silver.int_order_conflicts where reason = 'competing_order_placed' and order_id in (${ids}) order by order_id`,
      );
      expect(conflicts.map((row) => [row['order_id'], row['winning_event_id']])).toEqual(
        [...won.values()]
          .sort((a, b) => a.order_id.localeCompare(b.order_id))
          .map((event) => [event.order_id, event.event_id]),
      );
      const summary = result.stdout.toString();
      expect(summary).toMatch(/conflicts\s+\d+/);
      expect(summary).toMatch(/\b6 competing order placed\b/);
      expect(summaryNumber(summary, 'conflicts')).toBeGreaterThanOrEqual(COMPETING);

      const { runner, equivalence } = await dbtSupport();
      const rebuilt = join(dir, 'rebuilt', 'warehouse.duckdb');
      await mkdir(join(dir, 'rebuilt'), { recursive: true });
      await copyFile(warehouse, rebuilt);
      await new runner.DbtRunner({
        warehouse: rebuilt,
        workDir: join(dir, 'rebuilt', 'dbt'),
      }).runOk(['run', '--full-refresh']);
      expect(await equivalence.compareWarehouses(warehouse, rebuilt)).toEqual([]);
    },
  );
});

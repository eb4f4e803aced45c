import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateMessage, type FxRateRow, type SalesEvent } from '@salesflow/contract';
import { createGenerator } from '@salesflow/generator';
import { BIN, runCli } from './helpers.js';
import { descendants, isDbtWorker, isRunning } from '@salesflow/local/test/support/processes';
import { queryWarehouse, summaryNumber } from './run-support.js';

const dir = mkdtempSync(join(tmpdir(), 'salesflow-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL_RUN = [
  '--events',
  '1500',
  '--days',
  '7',
  '--periods',
  '2',
  '--live-seconds',
  '2',
  '--rate',
  '100',
];

describe('salesflow run', () => {
  const warehouse = join(dir, 'run.duckdb');

  it(
    'runs the pipeline, and its summary agrees with the warehouse',
    { timeout: 600_000 },
    async () => {
      const result = await runCli([
        'run',
        ...SMALL_RUN,
        // Heavy chaos sends enough competing order events that a small run always holds some;
        // the default's share of order events may draw none in 1,500 messages.
        '--chaos',
        'heavy',
        '--warehouse',
        warehouse,
        '--dashboard',
        join(dir, 'run.html'),
      ]);
      const summary = result.stdout.toString();
      expect(result.code, result.stderr).toBe(0);
      // The value tests the rounds leave to the nightly build ran once at the end, and passed.
      expect(result.stderr).toMatch(
        /dbt: nightly checks done in [\d.]+s — PASS=[1-9]\d* WARN=0 ERROR=0 SKIP=0/,
      );

      const published = summaryNumber(summary, 'published');
      const landed = summaryNumber(summary, 'landed');
      const rejected = summaryNumber(summary, 'rejected');
      const deadLettered = summaryNumber(summary, 'dead-lettered');
      expect(published).toBeGreaterThan(1500); // the backfill plus the live stream
      expect(landed + rejected + deadLettered).toBe(published);
      expect(summaryNumber(summary, 'unaccounted')).toBe(0);

      const [counts] = await queryWarehouse(
        warehouse,
        `select (select count(distinct message_id) from bronze.sales_events) as landed,
              (select count(distinct message_id) from bronze.sales_events_rejected
                where message_id not in (select message_id from bronze.sales_events)) as rejected,
              (select count(*) from silver.stg_sales_events) as silver,
              (select count(distinct event_id) from bronze.sales_events) as distinct_events,
              (select count(*) from gold.fct_orders) as orders,
              (select round(sum(net_total_reporting), 2) from gold.fct_orders) as net`,
      );
      expect(Number(counts!['landed'])).toBe(landed);
      expect(Number(counts!['rejected'])).toBe(rejected);
      expect(summaryNumber(summary, 'silver events')).toBe(Number(counts!['silver']));
      expect(Number(counts!['silver'])).toBe(Number(counts!['distinct_events']));
      expect(summaryNumber(summary, 'gold orders')).toBe(Number(counts!['orders']));
      // Competing order events: every loser is counted, none stops a round.
      const [conflicts] = await queryWarehouse(
        warehouse,
        "select count(*) as losers, count(*) filter (where reason = 'competing_order_placed') as competing from silver.int_order_conflicts",
      );
      expect(Number(conflicts!['competing'])).toBeGreaterThan(0);
      expect(summaryNumber(summary, 'conflicts')).toBe(Number(conflicts!['losers']));
      // The generator ships remote orders: the summary reports the shipped orders Gold holds.
      const [shipped] = await queryWarehouse(
        warehouse,
        "select count(*) as shipped, count(*) filter (where status = 'delivered') as delivered from gold.fct_deliveries",
      );
      expect(Number(shipped!['shipped'])).toBeGreaterThan(0);
      expect(summaryNumber(summary, 'fulfilment')).toBe(Number(shipped!['shipped']));
      expect(summary).toContain(
        `${Number(shipped!['delivered']).toLocaleString('en-US')} delivered`,
      );
      expect(summary).toContain(
        `net revenue ${Number(counts!['net']).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USD`,
      );

      const top = await queryWarehouse(
        warehouse,
        'select customer_id from gold.mart_vip_customers order by spend_rank limit 5',
      );
      const topIds = top.map((row) => String(row['customer_id']));
      const printed = [...summary.matchAll(/^\s+\d\. .*?(CUS-\S+)/gm)].map((match) => match[1]);
      expect(printed).toEqual(topIds);
      expect(summary).toMatch(/dashboard\s+\S+run\.html/);
    },
  );

  it(
    'runs a second time on the same warehouse without any cleanup',
    { timeout: 600_000 },
    async () => {
      const result = await runCli([
        'run',
        ...SMALL_RUN,
        '--live-seconds',
        '0',
        '--periods',
        '1',
        '--warehouse',
        warehouse,
        '--dashboard',
        join(dir, 'run2.html'),
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(summaryNumber(result.stdout.toString(), 'unaccounted')).toBe(0);
    },
  );

  it('leaves no process behind when interrupted with Ctrl-C', { timeout: 300_000 }, async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'run', ...SMALL_RUN, '--warehouse', join(dir, 'interrupted.duckdb')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const seenChildren = new Set<number>();
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`run never reached dbt:\n${stderr}`)),
        240_000,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        for (const pid of descendants(child.pid!)) seenChildren.add(pid);
        if (/▸ dbt: period 1/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Interrupt while the dbt worker is up, so its stop is part of what is checked.
    const workerDeadline = Date.now() + 30_000;
    while (![...seenChildren].some(isDbtWorker) && Date.now() < workerDeadline) {
      for (const pid of descendants(child.pid!)) seenChildren.add(pid);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seenChildren].some(isDbtWorker)).toBe(true);
    expect(seenChildren.size).toBeGreaterThanOrEqual(3); // the emulator, the function and dbt
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const deadline = Date.now() + 10_000;
    while ([...seenChildren].some(isRunning) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect([...seenChildren].filter(isRunning)).toEqual([]);
  });
});

describe('salesflow run --input', () => {
  it(
    'accounts for every line and matches an independent revenue computation',
    { timeout: 600_000 },
    async () => {
      const from = Date.parse('2026-02-02T00:00:00Z');
      const to = Date.parse('2026-02-16T00:00:00Z');
      const generator = createGenerator({
        seed: 7,
        events: 1200,
        from,
        to,
        chaos: { duplicates: 0.08, invalid: 0.06, late: 0.05, outOfOrder: 0.05 },
      });
      const lines = Array.from(generator, (message) => message.data);
      const input = join(dir, 'captured.ndjson');
      writeFileSync(input, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
      const fxRates = generator.fxRatesFor(from - 7 * 86_400_000, to);
      const fxFile = join(dir, 'fx.ndjson');
      writeFileSync(fxFile, fxRates.map((row) => JSON.stringify(row)).join('\n'));
      const warehouse = join(dir, 'replay.duckdb');

      const result = await runCli([
        'run',
        '--input',
        input,
        '--fx',
        fxFile,
        '--periods',
        '1',
        '--warehouse',
        warehouse,
        '--dashboard',
        join(dir, 'replay.html'),
      ]);
      expect(result.code, result.stderr).toBe(0);
      const summary = result.stdout.toString();
      const accounted =
        summaryNumber(summary, 'landed') +
        summaryNumber(summary, 'rejected') +
        summaryNumber(summary, 'dead-lettered');
      expect(accounted).toBe(lines.length);

      const expected = independentNetRevenue(lines, fxRates, 'USD');
      const [gold] = await queryWarehouse(
        warehouse,
        'select sum(net_total_reporting) as net, count(*) as orders from gold.fct_orders',
      );
      expect(Number(gold!['orders'])).toBe(expected.orders);
      expect(Math.abs(Number(gold!['net']) - expected.net)).toBeLessThan(
        0.01 * expected.orders + 0.01,
      );
    },
  );
});

/** Net revenue in the reporting currency from the valid, distinct events — computed without dbt. */
function independentNetRevenue(
  lines: readonly Buffer[],
  fxRates: readonly FxRateRow[],
  reporting: string,
) {
  const rates = new Map<string, Array<[string, number]>>();
  for (const row of fxRates) {
    const list = rates.get(row.quote_currency) ?? [];
    list.push([row.rate_date, Number(row.rate)]);
    rates.set(row.quote_currency, list);
  }
  for (const list of rates.values()) list.sort((a, b) => a[0].localeCompare(b[0]));
  const rateOn = (currency: string, date: string): number => {
    if (currency === 'EUR') return 1;
    let found: number | undefined;
    for (const [day, rate] of rates.get(currency) ?? []) if (day <= date) found = rate;
    if (found === undefined) throw new Error(`no ${currency} rate on or before ${date}`);
    return found;
  };
  const toReporting = (amount: number, currency: string, eventTime: string): number => {
    const date = new Date(Date.parse(eventTime)).toISOString().slice(0, 10);
    return (amount / rateOn(currency, date)) * rateOn(reporting, date);
  };
  const seen = new Set<string>();
  const orders = new Map<string, number>();
  const refunds: SalesEvent[] = [];
  for (const line of lines) {
    const result = validateMessage(line);
    if (!result.ok || seen.has(result.event.event_id)) continue;
    seen.add(result.event.event_id);
    const event = result.event;
    if (event.event_type === 'order_placed')
      orders.set(
        event.order_id,
        toReporting(event.amounts!.total, event.currency!, event.event_time),
      );
    else if (event.event_type === 'order_refunded') refunds.push(event);
  }
  let net = [...orders.values()].reduce((sum, value) => sum + value, 0);
  for (const refund of refunds) {
    if (orders.has(refund.order_id))
      net -= toReporting(refund.refund!.amount, refund.currency!, refund.event_time);
  }
  return { net, orders: orders.size };
}

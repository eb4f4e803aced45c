import { openDuckDbReader } from '../dashboard/duckdb-reader.js';
import type { Accounting } from '@salesflow/local';

/** What the warehouse says after a run. */
export interface WarehouseFigures {
  readonly bronzeEventRows: number;
  readonly silverEvents: number;
  readonly rejectedRows: number;
  /** Events that lost a conflict over an order, by reason (silver.int_order_conflicts). */
  readonly conflictsByReason: ReadonlyArray<{ reason: string; events: number }>;
  readonly orders: number;
  readonly netRevenue: number;
  /** Shipped orders and how they were delivered (gold.fct_deliveries). */
  readonly fulfilment: {
    readonly shipped: number;
    readonly delivered: number;
    readonly inTransit: number;
    readonly late: number;
    /** Share (0..1) of delivered orders with a promised date delivered on time; null without any. */
    readonly onTimeRate: number | null;
    readonly averageDaysToShip: number | null;
    readonly averageDaysToDeliver: number | null;
  };
  readonly revenueByCountryChannel: ReadonlyArray<{
    country: string;
    channel: string;
    orders: number;
    netRevenue: number;
  }>;
  readonly topCustomers: ReadonlyArray<{
    customerId: string;
    displayName: string;
    orders: number;
    netSpend: number;
  }>;
}

/** The figures the run summary prints, read from the warehouse (read-only). */
export async function readWarehouseFigures(warehouse: string): Promise<WarehouseFigures> {
  const reader = await openDuckDbReader(warehouse);
  const rows = (sql: string): Promise<Record<string, unknown>[]> => reader.all(sql);
  const number = (value: unknown): number => Number(value ?? 0);
  try {
    const [counts] = await rows(`
      select
        (select count(*) from bronze.sales_events) as bronze_event_rows,
        (select count(*) from silver.stg_sales_events) as silver_events,
        (select count(*) from bronze.sales_events_rejected) as rejected_rows,
        (select count(*) from gold.fct_orders) as orders,
        (select coalesce(sum(net_total_reporting), 0) from gold.fct_orders) as net_revenue`);
    const [fulfilment] = await rows(`
      select
        count(*) as shipped,
        count(delivered_at) as delivered,
        count(*) filter (where status = 'in_transit') as in_transit,
        count(*) filter (where is_late) as late,
        count(*) filter (where not is_late) / nullif(count(is_late), 0) as on_time_rate,
        avg(days_to_ship) as average_days_to_ship,
        avg(days_to_deliver) as average_days_to_deliver
      from gold.fct_deliveries`);
    const nullable = (value: unknown): number | null =>
      value === null || value === undefined ? null : Number(value);
    const conflicts = await rows(`
      select reason, count(*) as events from silver.int_order_conflicts
      group by reason order by events desc, reason`);
    const byCountryChannel = await rows(`
      select country, channel, count(*) as orders, sum(net_total_reporting) as net_revenue
      from gold.fct_orders group by country, channel order by net_revenue desc, country, channel`);
    const top = await rows(`
      select customer_id, coalesce(display_name, customer_id) as display_name, orders,
             lifetime_net_spend_reporting as net_spend
      from gold.mart_vip_customers order by spend_rank limit 5`);
    return {
      bronzeEventRows: number(counts?.['bronze_event_rows']),
      silverEvents: number(counts?.['silver_events']),
      rejectedRows: number(counts?.['rejected_rows']),
      conflictsByReason: conflicts.map((row) => ({
        reason: String(row['reason']),
        events: number(row['events']),
      })),
      orders: number(counts?.['orders']),
      netRevenue: number(counts?.['net_revenue']),
      fulfilment: {
        shipped: number(fulfilment?.['shipped']),
        delivered: number(fulfilment?.['delivered']),
        inTransit: number(fulfilment?.['in_transit']),
        late: number(fulfilment?.['late']),
        onTimeRate: nullable(fulfilment?.['on_time_rate']),
        averageDaysToShip: nullable(fulfilment?.['average_days_to_ship']),
        averageDaysToDeliver: nullable(fulfilment?.['average_days_to_deliver']),
      },
      revenueByCountryChannel: byCountryChannel.map((row) => ({
        country: String(row['country']),
        channel: String(row['channel']),
        orders: number(row['orders']),
        netRevenue: number(row['net_revenue']),
      })),
      topCustomers: top.map((row) => ({
        customerId: String(row['customer_id']),
        displayName: String(row['display_name']),
        orders: number(row['orders']),
        netSpend: number(row['net_spend']),
      })),
    };
  } finally {
    reader.close();
  }
}

/** Everything a run reports. */
export interface RunSummary {
  readonly input: string;
  readonly accounting: Accounting;
  readonly warehouse: WarehouseFigures;
  readonly reportingCurrency: string;
  readonly dashboardPath: string;
  readonly warehousePath: string;
  readonly stageSeconds: ReadonlyArray<[string, number]>;
  readonly dbtRounds: number;
}

const money = (value: number, currency: string): string =>
  `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
const count = (value: number): string => value.toLocaleString('en-US');
const days = (value: number | null): string => (value === null ? '–' : `${value.toFixed(1)} days`);
const share = (value: number | null): string =>
  value === null ? '–' : `${(value * 100).toFixed(1)} %`;

/** The human-readable summary block. */
export function renderSummary(summary: RunSummary): string {
  const { accounting: a, warehouse: w, reportingCurrency: currency } = summary;
  const lines = [
    '',
    'salesflow run — summary',
    `  input           ${summary.input}`,
    `  published       ${count(a.published)}`,
    `  landed          ${count(a.landed)}   (Bronze rows incl. redeliveries and duplicates: ${count(w.bronzeEventRows)})`,
    `  rejected        ${count(a.rejected)}`,
    `  dead-lettered   ${count(a.deadLettered)}`,
    `  unaccounted     ${count(a.unaccounted)}`,
    `  silver events   ${count(w.silverEvents)}   (after dedup; ${count(w.bronzeEventRows - w.silverEvents)} duplicate rows removed)`,
    `  conflicts       ${count(w.conflictsByReason.reduce((sum, c) => sum + c.events, 0))}   (events that lost to another event of their order, kept in silver.int_order_conflicts${w.conflictsByReason.length > 0 ? ': ' : ''}${w.conflictsByReason.map((c) => `${count(c.events)} ${c.reason.replaceAll('_', ' ')}`).join(', ')})`,
    `  gold orders     ${count(w.orders)}   net revenue ${money(w.netRevenue, currency)}`,
    `  fulfilment      ${count(w.fulfilment.shipped)} shipped: ${count(w.fulfilment.delivered)} delivered, ${count(w.fulfilment.inTransit)} in transit · on time ${share(w.fulfilment.onTimeRate)} (${count(w.fulfilment.late)} late) · to ship ${days(w.fulfilment.averageDaysToShip)}, to deliver ${days(w.fulfilment.averageDaysToDeliver)} on average (gold.fct_deliveries)`,
    '',
    `  net revenue by country and channel (${currency})`,
    ...w.revenueByCountryChannel
      .slice(0, 15)
      .map(
        (r) =>
          `    ${r.country}  ${r.channel.padEnd(12)} ${count(r.orders).padStart(7)} orders  ${money(r.netRevenue, currency).padStart(18)}`,
      ),
    ...(w.revenueByCountryChannel.length > 15
      ? [`    … ${w.revenueByCountryChannel.length - 15} more (see the dashboard)`]
      : []),
    '',
    '  top 5 customers by net spend',
    ...w.topCustomers.map(
      (c, i) =>
        `    ${i + 1}. ${c.displayName.padEnd(20)} ${c.customerId.padEnd(14)} ${count(c.orders).padStart(4)} orders  ${money(c.netSpend, currency).padStart(16)}`,
    ),
    '',
    `  dashboard       ${summary.dashboardPath}`,
    `  warehouse       ${summary.warehousePath}`,
    `  dbt rounds      ${summary.dbtRounds}`,
    '  stage timings   ' +
      summary.stageSeconds.map(([name, seconds]) => `${name} ${seconds.toFixed(1)}s`).join(' · '),
    '',
  ];
  return lines.join('\n');
}

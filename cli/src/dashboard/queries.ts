/**
 * Every query the dashboard runs, in one place: a renamed Gold column is a one-line fix here.
 * Each query casts to plain types (DOUBLE, INTEGER, text dates) and its rows are checked with zod,
 * so a mart that changes shape fails with the query's name instead of drawing a wrong chart.
 */
import { z } from 'zod';
import type { SqlReader } from './sql-reader.js';

/** Days, counted back from the newest order date, in which a customer counts as active. */
export const ACTIVE_WINDOW_DAYS = 30;
/** An event that reaches Bronze more than this many hours after it happened counts as late. */
export const LATE_THRESHOLD_HOURS = 1;
/** Rows in the top-customer and store tables. */
export const TOP_CUSTOMERS = 10;
/** Rows in the customer-region table. */
export const TOP_REGIONS = 15;
/** Deliveries taking this many days or more share the last bar of the delivery-time chart. */
export const DELIVERY_DAYS_CAP = 14;

const count = z.number().int().nonnegative();
const money = z.number();
const text = z.string();

interface Query<T extends z.ZodType> {
  readonly name: string;
  readonly sql: string;
  readonly row: T;
}

function query<T extends z.ZodType>(name: string, sql: string, row: T): Query<T> {
  return { name, sql, row };
}

/** Runs a query and validates every row; errors name the query and the offending column. */
export async function run<T extends z.ZodType>(
  reader: SqlReader,
  q: Query<T>,
): Promise<z.infer<T>[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await reader.all(q.sql);
  } catch (error) {
    throw new Error(`${q.name}: ${firstLine(error)}`, { cause: error });
  }
  const parsed = z.array(q.row).safeParse(rows);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${q.name}: unexpected row shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Gold tables the dashboard cannot do without; checked first for a clear "run dbt" message. */
export const REQUIRED_RELATIONS = [
  'gold.fct_orders',
  'gold.mart_net_revenue_daily',
  'gold.mart_revenue_daily',
  'gold.mart_currency_mix',
  'gold.mart_payment_methods',
  'gold.mart_customer_rfm',
  'gold.mart_vip_customers',
  'gold.mart_store_performance',
  'gold.mart_refunds',
  'gold.fct_deliveries',
  'gold.mart_delivery_performance',
  'gold.mart_orders_by_region',
  'silver.stg_rejections',
  'silver.stg_sales_events',
  'silver.int_order_conflicts',
  'bronze.sales_events',
] as const;

export const relations = query(
  'relations',
  `select table_schema || '.' || table_name as relation from information_schema.tables`,
  z.object({ relation: text }),
);

export const reportingCurrencies = query(
  'gold.fct_orders reporting currency',
  `select distinct reporting_currency as currency from gold.fct_orders order by 1`,
  z.object({ currency: text }),
);

export const kpis = query(
  'gold.fct_orders KPIs',
  `with bounds as (select max(order_date) as last_day from gold.fct_orders)
   select
     strftime(min(order_date), '%Y-%m-%d') as first_day,
     strftime(max(order_date), '%Y-%m-%d') as last_day,
     cast(count(*) as integer) as orders,
     cast(coalesce(sum(order_total_reporting), 0) as double) as gross_revenue,
     cast(coalesce(sum(refund_total_reporting), 0) as double) as refunds,
     cast(coalesce(sum(net_total_reporting), 0) as double) as net_revenue,
     cast(count(distinct case when order_date > (select last_day from bounds) - ${ACTIVE_WINDOW_DAYS}
                              then customer_id end) as integer) as active_customers
   from gold.fct_orders`,
  z.object({
    first_day: text.nullable(),
    last_day: text.nullable(),
    orders: count,
    gross_revenue: money,
    refunds: money,
    net_revenue: money,
    active_customers: count,
  }),
);

export const revenueByDay = query(
  'gold.mart_net_revenue_daily',
  `select
     strftime(revenue_date, '%Y-%m-%d') as day,
     cast(sum(orders) as integer) as orders,
     cast(sum(gross_revenue_reporting) as double) as gross_revenue,
     cast(sum(refund_amount_reporting) as double) as refunds,
     cast(sum(net_revenue_reporting) as double) as net_revenue
   from gold.mart_net_revenue_daily
   group by revenue_date
   order by revenue_date`,
  z.object({ day: text, orders: count, gross_revenue: money, refunds: money, net_revenue: money }),
);

const slice = z.object({ label: text, value: money });

function netSalesBy(column: 'country' | 'channel' | 'category') {
  return query(
    `gold.mart_revenue_daily by ${column}`,
    `select coalesce(${column}, 'unknown') as label, cast(sum(net_sales_reporting) as double) as value
     from gold.mart_revenue_daily
     group by 1
     order by value desc, label`,
    slice,
  );
}

export const salesByCountry = netSalesBy('country');
export const salesByChannel = netSalesBy('channel');
export const salesByCategory = netSalesBy('category');

export const currencyMix = query(
  'gold.mart_currency_mix',
  `select
     currency,
     cast(sum(orders) as integer) as orders,
     cast(sum(revenue) as double) as revenue_original,
     cast(sum(revenue_reporting) as double) as revenue_reporting
   from gold.mart_currency_mix
   group by currency
   order by revenue_reporting desc, currency`,
  z.object({ currency: text, orders: count, revenue_original: money, revenue_reporting: money }),
);

export const paymentMethods = query(
  'gold.mart_payment_methods',
  `select
     payment_method as method,
     cast(sum(orders) as integer) as orders,
     cast(sum(revenue_reporting) as double) as revenue
   from gold.mart_payment_methods
   group by payment_method
   order by revenue desc, method`,
  z.object({ method: text, orders: count, revenue: money }),
);

export const rfmSegments = query(
  'gold.mart_customer_rfm',
  `select
     rfm_segment as segment,
     cast(count(*) as integer) as customers,
     cast(sum(net_spend_reporting) as double) as net_spend
   from gold.mart_customer_rfm
   group by rfm_segment
   order by customers desc, segment`,
  z.object({ segment: text, customers: count, net_spend: money }),
);

export const topCustomers = query(
  'gold.mart_vip_customers',
  `select
     cast(spend_rank as integer) as rank,
     customer_id,
     coalesce(display_name, '') as display_name,
     coalesce(country, '') as country,
     coalesce(loyalty_tier, '') as loyalty_tier,
     cast(orders as integer) as orders,
     cast(lifetime_net_spend_reporting as double) as lifetime_net_spend
   from gold.mart_vip_customers
   order by spend_rank
   limit ${TOP_CUSTOMERS}`,
  z.object({
    rank: count,
    customer_id: text,
    display_name: text,
    country: text,
    loyalty_tier: text,
    orders: count,
    lifetime_net_spend: money,
  }),
);

export const stores = query(
  'gold.mart_store_performance',
  `with shipping as (
     select
       store_id,
       avg(days_to_ship) as average_days_to_ship,
       count(*) filter (where not is_late) / nullif(count(is_late), 0) as on_time_rate
     from gold.fct_deliveries
     group by store_id
   )
   select
     performance.store_id,
     coalesce(any_value(performance.store_name), performance.store_id) as store_name,
     coalesce(any_value(performance.channel), '') as channel,
     coalesce(any_value(performance.country), '') as country,
     cast(sum(performance.orders) as integer) as orders,
     cast(sum(performance.revenue_reporting) as double) as revenue,
     cast(sum(performance.revenue_reporting) / nullif(sum(performance.orders), 0) as double) as average_order_value,
     cast(any_value(shipping.average_days_to_ship) as double) as average_days_to_ship,
     cast(any_value(shipping.on_time_rate) as double) as on_time_rate
   from gold.mart_store_performance as performance
   left join shipping on performance.store_id = shipping.store_id
   group by performance.store_id
   order by revenue desc, performance.store_id`,
  z.object({
    store_id: text,
    store_name: text,
    channel: text,
    country: text,
    orders: count,
    revenue: money,
    average_order_value: money.nullable(),
    average_days_to_ship: z.number().nullable(),
    on_time_rate: z.number().nullable(),
  }),
);

/** Headline delivery figures over every shipped order; p90 by nearest rank, as the mart's. */
export const fulfilmentKpis = query(
  'gold.fct_deliveries KPIs',
  `with ranked as (
     select
       days_to_deliver,
       row_number() over (order by days_to_deliver) as delivery_rank,
       count(*) over () as delivered
     from gold.fct_deliveries
     where days_to_deliver is not null
   )
   select
     cast(count(*) as integer) as shipped,
     cast(count(delivered_at) as integer) as delivered,
     cast(count(*) filter (where status = 'in_transit') as integer) as in_transit,
     cast(avg(days_to_ship) as double) as average_days_to_ship,
     cast(avg(days_to_deliver) as double) as average_days_to_deliver,
     cast((select min(days_to_deliver) from ranked where delivery_rank * 10 >= 9 * delivered) as double) as p90_days_to_deliver,
     cast(count(*) filter (where not is_late) / nullif(count(is_late), 0) as double) as on_time_rate
   from gold.fct_deliveries`,
  z.object({
    shipped: count,
    delivered: count,
    in_transit: count,
    average_days_to_ship: z.number().nullable(),
    average_days_to_deliver: z.number().nullable(),
    p90_days_to_deliver: z.number().nullable(),
    on_time_rate: z.number().nullable(),
  }),
);

/** Delivered orders per days from order to delivery, the long tail in one last bar. */
export const deliveryDays = query(
  'gold.fct_deliveries delivery time',
  `select
     case when days_to_deliver >= ${DELIVERY_DAYS_CAP} then '${DELIVERY_DAYS_CAP}+' else cast(days_to_deliver as varchar) end as label,
     cast(count(*) as double) as value
   from gold.fct_deliveries
   where days_to_deliver is not null
   group by least(days_to_deliver, ${DELIVERY_DAYS_CAP}), label
   order by least(days_to_deliver, ${DELIVERY_DAYS_CAP})`,
  slice,
);

/** Delivered orders and the on-time rate per week (Monday) of the order date. */
export const onTimeByWeek = query(
  'gold.fct_deliveries on time by week',
  `select
     strftime(date_trunc('week', order_date), '%Y-%m-%d') as week,
     cast(count(delivered_at) as integer) as delivered,
     cast(count(*) filter (where not is_late) / nullif(count(is_late), 0) as double) as on_time_rate
   from gold.fct_deliveries
   group by date_trunc('week', order_date)
   having count(delivered_at) > 0
   order by date_trunc('week', order_date)`,
  z.object({ week: text, delivered: count, on_time_rate: z.number().nullable() }),
);

function lateBy(column: 'carrier' | 'customer_country') {
  return query(
    `gold.mart_delivery_performance late by ${column}`,
    `select ${column} as label, cast(sum(orders_late) as double) as value
     from gold.mart_delivery_performance
     group by ${column}
     having sum(orders_late) > 0
     order by value desc, label`,
    slice,
  );
}

export const lateByCarrier = lateBy('carrier');
export const lateByCountry = lateBy('customer_country');

export const regions = query(
  'gold.mart_orders_by_region',
  `select
     customer_country as country,
     coalesce(customer_region, '') as region,
     cast(sum(orders) as integer) as orders,
     cast(sum(net_revenue_reporting) as double) as net_revenue,
     cast(sum(revenue_reporting) / nullif(sum(orders), 0) as double) as average_order_value
   from gold.mart_orders_by_region
   group by customer_country, customer_region
   order by orders desc, net_revenue desc, country, region
   limit ${TOP_REGIONS}`,
  z.object({
    country: text,
    region: text,
    orders: count,
    net_revenue: money,
    average_order_value: money.nullable(),
  }),
);

export const refundsByReason = query(
  'gold.mart_refunds',
  `select coalesce(refund_reason, 'unknown') as label, cast(sum(refund_amount_reporting) as double) as value
   from gold.mart_refunds
   group by 1
   order by value desc, label`,
  slice,
);

export const rejectionsByReason = query(
  'silver.stg_rejections',
  `select reason as label, cast(count(*) as double) as value
   from silver.stg_rejections
   group by reason
   order by value desc, label`,
  slice,
);

/** Events that lost a conflict over an order (silver.int_order_conflicts), by reason. */
export const conflictsByReason = query(
  'silver.int_order_conflicts',
  `select reason as label, cast(count(*) as double) as value
   from silver.int_order_conflicts
   group by reason
   order by value desc, label`,
  slice,
);

/** Buckets of ingested_at − event_time over distinct events (Silver keeps the first copy). */
export const arrivalDelay = query(
  'silver.stg_sales_events arrival delay',
  `with delays as (
     select epoch(ingested_at) - epoch(event_time) as seconds from silver.stg_sales_events
   )
   select label, cast(count(seconds) as double) as value
   from (values (1, '< ${LATE_THRESHOLD_HOURS} h', -1e18, ${LATE_THRESHOLD_HOURS * 3600}),
                (2, '${LATE_THRESHOLD_HOURS} h – 1 day', ${LATE_THRESHOLD_HOURS * 3600}, 86400),
                (3, '1 – 3 days', 86400, 259200),
                (4, '> 3 days', 259200, 1e18)) as buckets(position, label, low, high)
   left join delays on delays.seconds >= buckets.low and delays.seconds < buckets.high
   group by position, label
   order by position`,
  slice,
);

export const deduplication = query(
  'bronze.sales_events vs silver.stg_sales_events',
  `select
     cast((select count(*) from bronze.sales_events) as integer) as bronze_rows,
     cast((select count(*) from silver.stg_sales_events) as integer) as distinct_events,
     cast((select count(*) from silver.stg_sales_events
           where epoch(ingested_at) - epoch(event_time) >= ${LATE_THRESHOLD_HOURS * 3600}) as integer) as late_events`,
  z.object({ bronze_rows: count, distinct_events: count, late_events: count }),
);

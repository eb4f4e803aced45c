/** Reads the warehouse through the queries module and assembles the dashboard's view model. */
import type { DashboardData } from './model.js';
import * as q from './queries.js';
import type { SqlReader } from './sql-reader.js';

export interface LoadOptions {
  /** Currency the caller expects Gold to report in; a mismatch is an error, not a silent relabel. */
  readonly reportingCurrency?: string;
  readonly now: Date;
}

/** The warehouse lacks Gold, or Gold does not match what was asked for. */
export class DashboardDataError extends Error {
  override readonly name = 'DashboardDataError';
}

/** Loads every section of the dashboard from a warehouse that dbt has built. */
export async function loadDashboard(
  reader: SqlReader,
  options: LoadOptions,
): Promise<DashboardData> {
  const present = new Set((await q.run(reader, q.relations)).map((row) => row.relation));
  const missing = q.REQUIRED_RELATIONS.filter((relation) => !present.has(relation));
  if (missing.length > 0) {
    throw new DashboardDataError(
      `the warehouse has no ${missing.join(', ')}: build Gold first (dbt build)`,
    );
  }
  const reportingCurrency = await resolveReportingCurrency(reader, options.reportingCurrency);

  const [kpi] = await q.run(reader, q.kpis);
  if (!kpi) throw new DashboardDataError('gold.fct_orders KPIs returned no row');
  const dedup = (await q.run(reader, q.deduplication))[0] ?? {
    bronze_rows: 0,
    distinct_events: 0,
    late_events: 0,
  };

  return {
    reportingCurrency,
    period: kpi.first_day && kpi.last_day ? { from: kpi.first_day, to: kpi.last_day } : null,
    generatedAt: options.now.toISOString(),
    kpis: {
      grossRevenue: kpi.gross_revenue,
      netRevenue: kpi.net_revenue,
      orders: kpi.orders,
      averageOrderValue: kpi.orders > 0 ? kpi.gross_revenue / kpi.orders : 0,
      refundRate: kpi.gross_revenue > 0 ? kpi.refunds / kpi.gross_revenue : 0,
      activeCustomers: kpi.active_customers,
      activeWindowDays: q.ACTIVE_WINDOW_DAYS,
    },
    revenueByDay: (await q.run(reader, q.revenueByDay)).map((row) => ({
      date: row.day,
      orders: row.orders,
      grossRevenue: row.gross_revenue,
      refunds: row.refunds,
      netRevenue: row.net_revenue,
    })),
    salesByCountry: await q.run(reader, q.salesByCountry),
    salesByChannel: await q.run(reader, q.salesByChannel),
    salesByCategory: await q.run(reader, q.salesByCategory),
    currencyMix: (await q.run(reader, q.currencyMix)).map((row) => ({
      currency: row.currency,
      orders: row.orders,
      revenueOriginal: row.revenue_original,
      revenueReporting: row.revenue_reporting,
    })),
    paymentMethods: await q.run(reader, q.paymentMethods),
    rfmSegments: (await q.run(reader, q.rfmSegments)).map((row) => ({
      segment: row.segment,
      customers: row.customers,
      netSpend: row.net_spend,
    })),
    topCustomers: (await q.run(reader, q.topCustomers)).map((row) => ({
      rank: row.rank,
      customerId: row.customer_id,
      displayName: row.display_name,
      country: row.country,
      loyaltyTier: row.loyalty_tier,
      orders: row.orders,
      lifetimeNetSpend: row.lifetime_net_spend,
    })),
    stores: (await q.run(reader, q.stores)).map((row) => ({
      storeId: row.store_id,
      storeName: row.store_name,
      channel: row.channel,
      country: row.country,
      orders: row.orders,
      revenue: row.revenue,
      averageOrderValue: row.average_order_value ?? 0,
      averageDaysToShip: row.average_days_to_ship,
      onTimeRate: row.on_time_rate,
    })),
    refundsByReason: await q.run(reader, q.refundsByReason),
    fulfilment: await loadFulfilment(reader),
    pipeline: {
      rejectionsByReason: await q.run(reader, q.rejectionsByReason),
      conflictsByReason: await q.run(reader, q.conflictsByReason),
      arrivalDelay: await q.run(reader, q.arrivalDelay),
      distinctEvents: dedup.distinct_events,
      lateEvents: dedup.late_events,
      lateThresholdHours: q.LATE_THRESHOLD_HOURS,
      bronzeRows: dedup.bronze_rows,
      duplicatesRemoved: Math.max(0, dedup.bronze_rows - dedup.distinct_events),
    },
  };
}

async function loadFulfilment(reader: SqlReader): Promise<DashboardData['fulfilment']> {
  const [kpi] = await q.run(reader, q.fulfilmentKpis);
  if (!kpi) throw new DashboardDataError('gold.fct_deliveries KPIs returned no row');
  return {
    shipped: kpi.shipped,
    delivered: kpi.delivered,
    inTransit: kpi.in_transit,
    averageDaysToShip: kpi.average_days_to_ship,
    averageDaysToDeliver: kpi.average_days_to_deliver,
    p90DaysToDeliver: kpi.p90_days_to_deliver,
    onTimeRate: kpi.on_time_rate,
    deliveryDays: await q.run(reader, q.deliveryDays),
    onTimeByWeek: (await q.run(reader, q.onTimeByWeek)).map((row) => ({
      week: row.week,
      delivered: row.delivered,
      onTimeRate: row.on_time_rate,
    })),
    lateByCarrier: await q.run(reader, q.lateByCarrier),
    lateByCountry: await q.run(reader, q.lateByCountry),
    regions: (await q.run(reader, q.regions)).map((row) => ({
      country: row.country,
      region: row.region,
      orders: row.orders,
      netRevenue: row.net_revenue,
      averageOrderValue: row.average_order_value ?? 0,
    })),
  };
}

/**
 * Gold is built in one reporting currency (a dbt var). Amounts are converted at each event's own
 * date, so relabelling or re-converting totals here would be wrong: ask for a rebuild instead.
 */
async function resolveReportingCurrency(
  reader: SqlReader,
  wanted: string | undefined,
): Promise<string> {
  const found = (await q.run(reader, q.reportingCurrencies)).map((row) => row.currency);
  if (found.length > 1) {
    throw new DashboardDataError(
      `gold.fct_orders mixes reporting currencies (${found.join(', ')}): rebuild Gold with one`,
    );
  }
  const actual = found[0];
  if (wanted && actual && wanted !== actual) {
    throw new DashboardDataError(
      `Gold reports in ${actual}, not ${wanted}: rebuild it with dbt build --vars '{reporting_currency: ${wanted}}' or drop --reporting-currency`,
    );
  }
  return actual ?? wanted ?? 'USD';
}

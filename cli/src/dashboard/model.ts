/**
 * The dashboard's view model: everything the page shows, already aggregated and typed. Loading
 * (warehouse → model) and rendering (model → HTML) meet only here.
 */

/** A labelled amount or count, e.g. one bar of a breakdown chart. */
export interface Slice {
  readonly label: string;
  readonly value: number;
}

/** Headline figures over the whole period. Money is in the reporting currency. */
export interface Kpis {
  readonly grossRevenue: number;
  readonly netRevenue: number;
  readonly orders: number;
  readonly averageOrderValue: number;
  /** Refunded amount ÷ gross revenue (0..1). */
  readonly refundRate: number;
  /** Distinct customers with an order in the last `activeWindowDays` days of the period. */
  readonly activeCustomers: number;
  readonly activeWindowDays: number;
}

/** One day of revenue: orders placed minus refunds issued that day. */
export interface RevenueDay {
  readonly date: string;
  readonly orders: number;
  readonly grossRevenue: number;
  readonly refunds: number;
  readonly netRevenue: number;
}

/** Revenue share of one transaction currency, with the amount in that currency too. */
export interface CurrencyShare {
  readonly currency: string;
  readonly orders: number;
  readonly revenueOriginal: number;
  readonly revenueReporting: number;
}

export interface PaymentMethodSummary {
  readonly method: string;
  readonly orders: number;
  readonly revenue: number;
}

export interface RfmSegment {
  readonly segment: string;
  readonly customers: number;
  readonly netSpend: number;
}

export interface TopCustomer {
  readonly rank: number;
  readonly customerId: string;
  readonly displayName: string;
  readonly country: string;
  readonly loyaltyTier: string;
  readonly orders: number;
  readonly lifetimeNetSpend: number;
}

export interface StorePerformance {
  readonly storeId: string;
  readonly storeName: string;
  readonly channel: string;
  readonly country: string;
  readonly orders: number;
  readonly revenue: number;
  readonly averageOrderValue: number;
  /** Average days from order to shipment of its shipped orders; null when none has shipped. */
  readonly averageDaysToShip: number | null;
  /** Share (0..1) of its delivered orders with a promise delivered on time; null without any. */
  readonly onTimeRate: number | null;
}

/** One week of deliveries (by the week, from Monday, the orders were placed in). */
export interface DeliveryWeek {
  /** The Monday, YYYY-MM-DD. */
  readonly week: string;
  readonly delivered: number;
  /** Share (0..1) of the delivered orders with a promised date delivered on time; null without any. */
  readonly onTimeRate: number | null;
}

/** Orders and revenue of one customer region. */
export interface RegionOrders {
  readonly country: string;
  /** Empty when the producer sent no region. */
  readonly region: string;
  readonly orders: number;
  readonly netRevenue: number;
  readonly averageOrderValue: number;
}

/** How orders get to customers (gold.fct_deliveries and the delivery marts). */
export interface Fulfilment {
  readonly shipped: number;
  readonly delivered: number;
  readonly inTransit: number;
  readonly averageDaysToShip: number | null;
  readonly averageDaysToDeliver: number | null;
  /** 90th percentile (nearest rank) of days from order to delivery. */
  readonly p90DaysToDeliver: number | null;
  readonly onTimeRate: number | null;
  /** Delivered orders per calendar days from order to delivery. */
  readonly deliveryDays: readonly Slice[];
  readonly onTimeByWeek: readonly DeliveryWeek[];
  /** Orders delivered after their promised date, per carrier and per customer country. */
  readonly lateByCarrier: readonly Slice[];
  readonly lateByCountry: readonly Slice[];
  /** Customer regions with the most orders. */
  readonly regions: readonly RegionOrders[];
}

/** How the pipeline treated the data: refused messages, conflicts, late arrivals, duplicates. */
export interface PipelineHealth {
  readonly rejectionsByReason: readonly Slice[];
  /**
   * Events that lost a conflict over an order, by reason: competing order_placed events, refunds
   * and lifecycle events that do not apply (silver.int_order_conflicts).
   */
  readonly conflictsByReason: readonly Slice[];
  /** Distinct events per arrival-delay bucket (ingested_at − event_time). */
  readonly arrivalDelay: readonly Slice[];
  readonly distinctEvents: number;
  readonly lateEvents: number;
  /** Hours after event_time beyond which an event counts as late. */
  readonly lateThresholdHours: number;
  readonly bronzeRows: number;
  readonly duplicatesRemoved: number;
}

/** Everything on the page. */
export interface DashboardData {
  readonly reportingCurrency: string;
  /** First and last order date (YYYY-MM-DD), or null when Gold holds no orders. */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly generatedAt: string;
  readonly kpis: Kpis;
  readonly revenueByDay: readonly RevenueDay[];
  readonly salesByCountry: readonly Slice[];
  readonly salesByChannel: readonly Slice[];
  readonly salesByCategory: readonly Slice[];
  readonly currencyMix: readonly CurrencyShare[];
  readonly paymentMethods: readonly PaymentMethodSummary[];
  readonly rfmSegments: readonly RfmSegment[];
  readonly topCustomers: readonly TopCustomer[];
  readonly stores: readonly StorePerformance[];
  readonly refundsByReason: readonly Slice[];
  readonly fulfilment: Fulfilment;
  readonly pipeline: PipelineHealth;
}

/**
 * Which Gold tables each BI tool starts from, and why. dbt's exposures
 * (`dbt/models/exposures.yml`) name the same tables; a test keeps the two in step.
 */

/** A Gold table a BI tool reads, with the reason it is on the list. */
export interface BiTable {
  readonly table: string;
  readonly why: string;
}

/** The table the Looker Studio link creates its report over. */
export const LOOKER_STUDIO_SOURCE = {
  table: 'fct_orders',
  /**
   * Day-partitioned on `order_date` in BigQuery (the model's `partition_by`): the Linking API's
   * `isPartitioned` then offers that column as the report's date range, so a date filter reads
   * only the days it shows.
   */
  partitioned: true,
} as const;

const ORDERS: BiTable = {
  table: 'fct_orders',
  why: 'one row per order; the stable contract (docs/gold-contract.md)',
};

const RFM: BiTable = {
  table: 'mart_customer_rfm',
  why: 'RFM scores and segments, computed in SQL',
};

const MARTS: readonly BiTable[] = [
  {
    table: 'mart_net_revenue_daily',
    why: 'net revenue per day and currency, refunds on their own day',
  },
  { table: 'mart_revenue_daily', why: 'net sales per day × country × store × channel × product' },
  { table: 'mart_revenue_monthly', why: 'the same per calendar month' },
  { table: 'mart_currency_mix', why: "each currency's share of the day's revenue" },
  { table: 'mart_payment_methods', why: 'orders and revenue per payment method and card brand' },
  { table: 'mart_refunds', why: 'refunds per day × country × currency × reason' },
  {
    table: 'mart_store_performance',
    why: 'monthly orders, revenue and shipping figures per store',
  },
  {
    table: 'mart_delivery_performance',
    why: 'orders shipped and delivered, days to deliver and on-time rate per month × country × carrier',
  },
  {
    table: 'mart_orders_by_region',
    why: 'orders and net revenue per day × customer country × region',
  },
  RFM,
  { table: 'mart_vip_customers', why: 'the top customers by lifetime net spend' },
];

/**
 * Looker Studio queries BigQuery live for every chart, so it starts from the contract fact and
 * the marts, which are already aggregated: a chart reads a few rows instead of every order.
 */
export const LOOKER_STUDIO_TABLES: readonly BiTable[] = [ORDERS, ...MARTS];

/**
 * Power BI imports tables into its own model and aggregates there, so it starts from the star
 * schema: the facts and the dimensions they join to (the SCD2 dimensions on their `_key`, the
 * version valid when the order was placed), plus the RFM segments, which are not a sum Power BI
 * could redo from the facts.
 */
export const POWER_BI_TABLES: readonly BiTable[] = [
  ORDERS,
  { table: 'fct_order_items', why: 'order lines, for product and category analysis' },
  { table: 'fct_refunds', why: "refunds at their own date's rate" },
  {
    table: 'fct_deliveries',
    why: 'one row per shipped order: carrier, days to ship and deliver, lateness',
  },
  { table: 'dim_customers', why: 'customer versions; join on customer_key' },
  { table: 'dim_products', why: 'product versions; join on product_key' },
  { table: 'dim_stores', why: 'stores; join on store_id' },
  { table: 'dim_date', why: 'the calendar; join order_date to date_day' },
  RFM,
];

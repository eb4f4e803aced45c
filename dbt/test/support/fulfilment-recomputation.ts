/**
 * Delivery figures recomputed from the raw events, in TypeScript and without the dbt models: the
 * rule of dbt/README.md ("Conflicting events") applied to the distinct events — the winning
 * order_placed event of each order, its shipment and delivery — then days to ship and to deliver,
 * lateness and the month × customer country × carrier figures of mart_delivery_performance.
 */
import type { SalesEvent } from '@salesflow/contract';

const DAY_MS = 86_400_000;

/** One shipped order, as gold.fct_deliveries holds it. */
export interface ExpectedDelivery {
  readonly order_id: string;
  readonly customer_country: string;
  readonly customer_region: string | null;
  readonly carrier: string;
  readonly order_date: string;
  readonly promised_delivery_date: string | null;
  readonly days_to_ship: number;
  readonly days_to_deliver: number | null;
  readonly days_late: number | null;
  readonly is_late: boolean | null;
  readonly status: 'in_transit' | 'delivered';
}

/** One row of gold.mart_delivery_performance. */
export interface ExpectedPerformance {
  readonly month_start_date: string;
  readonly customer_country: string;
  readonly carrier: string;
  readonly orders_shipped: number;
  readonly orders_delivered: number;
  readonly orders_on_time: number;
  readonly orders_late: number;
  readonly average_days_to_deliver: number | null;
  readonly p90_days_to_deliver: number | null;
  readonly on_time_rate: number | null;
}

const instant = (text: string): number => Date.parse(text);
const utcDate = (text: string): string => new Date(instant(text)).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The smallest of `items` by `key` (compared as [number, string] pairs, as SQL orders them). */
function first<T>(items: readonly T[], key: (item: T) => readonly (number | string)[]): T | undefined {
  let best: T | undefined;
  let bestKey: readonly (number | string)[] = [];
  for (const item of items) {
    const candidate = key(item);
    if (best === undefined || compare(candidate, bestKey) < 0) {
      best = item;
      bestKey = candidate;
    }
  }
  return best;
}

function compare(left: readonly (number | string)[], right: readonly (number | string)[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] as number | string;
    const b = right[index] as number | string;
    if (a < b) return -1;
    if (a > b) return 1;
  }
  return 0;
}

/** fct_deliveries recomputed from every copy of every event that landed (duplicates included). */
export function expectedDeliveries(landed: Iterable<SalesEvent>): ExpectedDelivery[] {
  const events = new Map<string, SalesEvent>();
  for (const event of landed) if (!events.has(event.event_id)) events.set(event.event_id, event);
  const byOrder = new Map<string, SalesEvent[]>();
  for (const event of events.values()) {
    const list = byOrder.get(event.order_id) ?? [];
    list.push(event);
    byOrder.set(event.order_id, list);
  }
  const deliveries: ExpectedDelivery[] = [];
  for (const [orderId, orderEvents] of byOrder) {
    const order = first(
      orderEvents.filter((event) => event.event_type === 'order_placed'),
      (event) => [instant(event.event_time), event.event_id],
    );
    if (!order?.customer) continue;
    const orderedAt = instant(order.event_time);
    const lifecycle = orderEvents.filter((event) => event.shipment !== undefined);
    const shippable = lifecycle.filter((event) => instant(event.shipment!.shipped_at) >= orderedAt);
    const shipment = first(shippable, (event) => [
      event.event_type === 'order_shipped' ? 0 : 1,
      instant(event.shipment!.shipped_at),
      event.event_id,
    ])?.shipment;
    if (!shipment) continue;
    const delivery = first(
      lifecycle.filter(
        (event) => event.delivery !== undefined && instant(event.delivery.delivered_at) >= instant(shipment.shipped_at),
      ),
      (event) => [instant(event.delivery!.delivered_at), event.event_id],
    )?.delivery;
    const orderDate = utcDate(order.event_time);
    const promised = order.promised_delivery_date ?? null;
    // The delivery's date where it happened: the date its producer wrote.
    const deliveryDate = delivery ? delivery.delivered_at.slice(0, 10) : null;
    const daysLate = deliveryDate && promised ? daysBetween(promised, deliveryDate) : null;
    deliveries.push({
      order_id: orderId,
      customer_country: order.customer.country,
      customer_region: order.customer.region ?? null,
      carrier: shipment.carrier,
      order_date: orderDate,
      promised_delivery_date: promised,
      days_to_ship: daysBetween(orderDate, utcDate(shipment.shipped_at)),
      days_to_deliver: delivery ? daysBetween(orderDate, utcDate(delivery.delivered_at)) : null,
      days_late: daysLate,
      is_late: daysLate === null ? null : daysLate > 0,
      status: delivery ? 'delivered' : 'in_transit',
    });
  }
  return deliveries.sort((a, b) => a.order_id.localeCompare(b.order_id));
}

/** mart_delivery_performance recomputed from the expected deliveries. */
export function expectedPerformance(deliveries: readonly ExpectedDelivery[]): ExpectedPerformance[] {
  const groups = new Map<string, ExpectedDelivery[]>();
  for (const delivery of deliveries) {
    const key = [`${delivery.order_date.slice(0, 7)}-01`, delivery.customer_country, delivery.carrier].join('|');
    groups.set(key, [...(groups.get(key) ?? []), delivery]);
  }
  const rows: ExpectedPerformance[] = [];
  for (const [key, group] of groups) {
    const [month, country, carrier] = key.split('|') as [string, string, string];
    const days = group.flatMap((row) => (row.days_to_deliver === null ? [] : [row.days_to_deliver])).sort((a, b) => a - b);
    const judged = group.filter((row) => row.is_late !== null);
    const late = judged.filter((row) => row.is_late).length;
    rows.push({
      month_start_date: month,
      customer_country: country,
      carrier,
      orders_shipped: group.length,
      orders_delivered: days.length,
      orders_on_time: judged.length - late,
      orders_late: late,
      average_days_to_deliver: days.length > 0 ? days.reduce((sum, day) => sum + day, 0) / days.length : null,
      // Nearest rank: the value at rank ⌈0.9 n⌉.
      p90_days_to_deliver: days.length > 0 ? (days[Math.ceil((9 * days.length) / 10) - 1] as number) : null,
      on_time_rate: judged.length > 0 ? (judged.length - late) / judged.length : null,
    });
  }
  return rows.sort((a, b) => compare([a.month_start_date, a.customer_country, a.carrier], [b.month_start_date, b.customer_country, b.carrier]));
}

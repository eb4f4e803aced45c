import { describe, expect, it } from 'vitest';
import { validateMessage, type OrderEvent, type SalesEvent } from '@salesflow/contract';
import { COUNTRIES, createGenerator } from '../src/index.js';
import { FROM, NOW, TO, generate, share } from './fixtures.js';

const DAY_MS = 86_400_000;

/** Local calendar day and weekday (0 = Sunday) straight from the RFC 3339 text. */
function localDay(timestamp: string): { date: string; weekday: number } {
  const date = timestamp.slice(0, 10);
  return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay() };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

describe('fulfilment over four weeks of orders', () => {
  const messages = generate({ events: 60_000, seed: 5 });
  const events = messages.map((message) => message.event as SalesEvent);
  const placed = new Map(
    events
      .filter((event): event is OrderEvent => event.event_type === 'order_placed')
      .map((event) => [event.order_id, event]),
  );
  const shipped = events.filter((event) => event.event_type === 'order_shipped');
  const delivered = events.filter((event) => event.event_type === 'order_delivered');
  const cityRegions = new Map(
    COUNTRIES.flatMap((country) =>
      country.cities.map((city) => [`${country.code}|${city.name}`, city.region] as const),
    ),
  );

  it('writes events the contract accepts, every lifecycle event of an order placed before it', () => {
    for (const message of messages.slice(0, 5_000)) {
      expect(validateMessage(message.data, { now: NOW }).ok).toBe(true);
    }
    expect(shipped.length).toBeGreaterThan(0.3 * placed.size);
    expect(delivered.length).toBeGreaterThan(0.3 * placed.size);
    for (const event of [...shipped, ...delivered]) {
      const order = placed.get(event.order_id);
      expect(order, event.order_id).toBeDefined();
      expect(order?.store.channel).not.toBe('in_store');
      expect(event.store).toEqual(order?.store);
      expect(Date.parse(event.shipment!.shipped_at)).toBeGreaterThan(Date.parse(order!.event_time));
      expect(Date.parse(event.event_time)).toBeLessThan(TO);
    }
  });

  it('promises a delivery date on remote orders only, and names the customer region of the city', () => {
    for (const order of placed.values()) {
      if (order.store.channel === 'in_store') expect(order.promised_delivery_date).toBeUndefined();
      else expect(order.promised_delivery_date! > order.event_time.slice(0, 10)).toBe(true);
      expect(order.customer.region).toBe(
        cityRegions.get(`${order.customer.country}|${order.customer.city}`),
      );
    }
  });

  it('ships on weekdays, delivers on weekdays or with Saturday carriers, never on Sundays', () => {
    const saturdayCarriers = new Set<string>();
    for (const event of shipped) {
      const { weekday } = localDay(event.shipment!.shipped_at);
      expect(weekday === 0 || weekday === 6, event.event_time).toBe(false);
    }
    for (const event of delivered) {
      const { weekday } = localDay(event.delivery!.delivered_at);
      expect(weekday, event.event_time).not.toBe(0);
      if (weekday === 6) saturdayCarriers.add(event.shipment!.carrier);
      expect(Date.parse(event.delivery!.delivered_at)).toBeGreaterThan(
        Date.parse(event.shipment!.shipped_at),
      );
    }
    // Only the carriers that deliver on Saturdays do.
    expect(
      [...saturdayCarriers].every((carrier) =>
        ['usps', 'royal_mail', 'dhl', 'la_poste', 'yamato', 'japan_post', 'swiss_post'].includes(
          carrier,
        ),
      ),
    ).toBe(true);
    expect(saturdayCarriers.size).toBeGreaterThan(0);
  });

  it('has realistic lead times: a few days, a long tail, a tenth or so late, carriers of the country', () => {
    const days: number[] = [];
    let late = 0;
    const carriersByCountry = new Map<string, Set<string>>();
    for (const event of delivered) {
      const order = placed.get(event.order_id)!;
      days.push((Date.parse(event.delivery!.delivered_at) - Date.parse(order.event_time)) / DAY_MS);
      if (localDay(event.delivery!.delivered_at).date > order.promised_delivery_date!) late += 1;
      const carriers = carriersByCountry.get(order.store.country) ?? new Set<string>();
      carriers.add(event.shipment!.carrier);
      carriersByCountry.set(order.store.country, carriers);
    }
    days.sort((a, b) => a - b);
    expect(quantile(days, 0.5)).toBeGreaterThan(2);
    expect(quantile(days, 0.5)).toBeLessThan(8);
    expect(quantile(days, 0.99)).toBeGreaterThan(2 * quantile(days, 0.5));
    expect(share(late, delivered.length)).toBeGreaterThan(0.05);
    expect(share(late, delivered.length)).toBeLessThan(0.2);
    expect(carriersByCountry.get('DE')).toEqual(new Set(['dhl', 'dpd', 'hermes']));
    expect(carriersByCountry.get('BR')).toEqual(new Set(['correios', 'jadlog']));
  });

  it('cancels a few percent of remote orders before they ship: those never ship', () => {
    const shippedOrders = new Set(shipped.map((event) => event.order_id));
    // Orders old enough that every parcel not cancelled has left by the end of the range.
    const settled = [...placed.values()].filter(
      (order) =>
        order.store.channel !== 'in_store' && Date.parse(order.event_time) < TO - 10 * DAY_MS,
    );
    const neverShipped = settled.filter((order) => !shippedOrders.has(order.order_id)).length;
    expect(share(neverShipped, settled.length)).toBeGreaterThan(0.01);
    expect(share(neverShipped, settled.length)).toBeLessThan(0.06);
  });

  it('spreads the placements over the whole range though the messages also carry the parcels', () => {
    const perDay = new Map<number, number>();
    for (const order of placed.values()) {
      const day = Math.floor((Date.parse(order.event_time) - FROM) / DAY_MS);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    // The last day against the same weekday one and two weeks before.
    const last = perDay.get(27) ?? 0;
    for (const earlier of [20, 13]) {
      expect(last / (perDay.get(earlier) ?? 1)).toBeGreaterThan(0.8);
      expect(last / (perDay.get(earlier) ?? 1)).toBeLessThan(1.25);
    }
  });

  it('interleaves placements, shipments and deliveries in event-time order through the backfill', () => {
    const firstHalf = events.slice(0, events.length / 2);
    expect(firstHalf.some((event) => event.event_type === 'order_delivered')).toBe(true);
    let backwards = 0;
    for (let i = 1; i < events.length; i += 1) {
      if (events[i]!.event_time.localeCompare(events[i - 1]!.event_time) < 0) backwards += 1;
    }
    // Without chaos the stream follows the clock (up to offsets written in local time).
    const utc = events.map((event) => Date.parse(event.event_time));
    let late = 0;
    for (let i = 1; i < utc.length; i += 1) if (utc[i]! < utc[i - 1]! - 1000) late += 1;
    expect(late).toBe(0);
    expect(backwards).toBeGreaterThan(0);
    expect(Math.min(...utc)).toBeGreaterThanOrEqual(FROM);
  });
});

describe('fulfilment under chaos and in a live stream', () => {
  it('duplicates, delays and reorders shipments and deliveries; some deliveries arrive before their shipment', () => {
    const messages = generate({
      events: 40_000,
      seed: 9,
      chaos: { duplicates: 0.03, late: 0.1, outOfOrder: 0.05 },
    });
    const lifecycle = messages.filter(
      (message) => message.eventType === 'order_shipped' || message.eventType === 'order_delivered',
    );
    expect(lifecycle.some((message) => message.kind === 'duplicate')).toBe(true);
    expect(lifecycle.some((message) => message.kind === 'valid' && message.late)).toBe(true);
    expect(lifecycle.some((message) => message.kind === 'valid' && message.reordered)).toBe(true);
    const shippedSeen = new Set<string>();
    let deliveredFirst = 0;
    for (const message of lifecycle) {
      if (message.kind !== 'valid') continue;
      const orderId = message.event!.order_id;
      if (message.eventType === 'order_shipped') shippedSeen.add(orderId);
      else if (!shippedSeen.has(orderId)) deliveredFirst += 1;
    }
    expect(deliveredFirst).toBeGreaterThan(0);
  });

  it('emits the shipments of orders placed earlier in a live stream, at the clock', () => {
    let clock = Date.parse('2026-03-02T06:00:00Z');
    const live = createGenerator({
      seed: 3,
      events: 30_000,
      mode: 'live',
      // Each message moves the clock 30 s: the stream covers ten days.
      clock: () => (clock += 30_000),
    });
    const placedAt = new Map<string, number>();
    let shippedEarlier = 0;
    for (const message of live) {
      const event = message.event!;
      if (event.event_type === 'order_placed')
        placedAt.set(event.order_id, Date.parse(event.event_time));
      if (event.event_type === 'order_shipped') {
        expect(Date.parse(event.event_time)).toBeLessThanOrEqual(clock);
        if ((placedAt.get(event.order_id) ?? clock) < Date.parse(event.event_time) - DAY_MS)
          shippedEarlier += 1;
      }
    }
    expect(shippedEarlier).toBeGreaterThan(100);
  });
});

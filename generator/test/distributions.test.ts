import { describe, expect, it } from 'vitest';
import { CURRENCY_MINOR_UNITS, type OrderEvent, type SalesEvent } from '@salesflow/contract';
import { buildWorld, CHANNEL_SHARES, COUNTRIES, SHOP_OPENING_HOURS } from '../src/index.js';
import { countBy, generate, share } from './fixtures.js';

/** Local wall-clock hour and weekday (Monday = 0) straight from the RFC 3339 text. */
function localClock(eventTime: string): { hour: number; weekday: number } {
  const local = Date.parse(`${eventTime.slice(0, 19)}Z`);
  const date = new Date(local);
  return { hour: date.getUTCHours(), weekday: (date.getUTCDay() + 6) % 7 };
}

describe('distributions over 100k events (four whole weeks)', () => {
  const events: SalesEvent[] = generate({ events: 100_000 }).map(
    (message) => message.event as SalesEvent,
  );
  // The order events: placements and refunds (shipments and deliveries have their own tests).
  const orderEvents = events.filter(
    (event): event is OrderEvent =>
      event.event_type === 'order_placed' || event.event_type === 'order_refunded',
  );
  const placed = orderEvents.filter((event) => event.event_type === 'order_placed');
  const world = buildWorld();

  it('follow the configured channel mix', () => {
    const channels = countBy(placed, (event) => event.store.channel);
    for (const [channel, expected] of Object.entries(CHANNEL_SHARES)) {
      expect(share(channels.get(channel) ?? 0, placed.length)).toBeCloseTo(expected, 1);
      expect(Math.abs(share(channels.get(channel) ?? 0, placed.length) - expected)).toBeLessThan(
        0.02,
      );
    }
  });

  it('follow the market weights in the currency mix, with at least 8 currencies', () => {
    const currencies = countBy(placed, (event) => event.currency);
    expect(currencies.size).toBeGreaterThanOrEqual(8);
    const expected = new Map<string, number>();
    for (const store of world.stores)
      expected.set(store.currency, (expected.get(store.currency) ?? 0) + store.weight);
    for (const [currency, weight] of expected) {
      expect(Math.abs(share(currencies.get(currency) ?? 0, placed.length) - weight)).toBeLessThan(
        0.015,
      );
    }
    expect(new Set(placed.map((event) => event.store.country)).size).toBeGreaterThanOrEqual(10);
  });

  it('refund 2–5 % of order events', () => {
    const refunds = orderEvents.length - placed.length;
    expect(share(refunds, orderEvents.length)).toBeGreaterThan(0.02);
    expect(share(refunds, orderEvents.length)).toBeLessThan(0.05);
  });

  it('keep JPY amounts whole and every amount at its currency precision', () => {
    const jpy = orderEvents.filter((event) => event.currency === 'JPY');
    expect(jpy.length).toBeGreaterThan(1000);
    for (const event of jpy) {
      for (const amount of Object.values(event.amounts))
        expect(Number.isInteger(amount)).toBe(true);
      for (const item of event.items) expect(Number.isInteger(item.unit_price)).toBe(true);
    }
    for (const event of orderEvents.slice(0, 10_000)) {
      const factor = 10 ** (CURRENCY_MINOR_UNITS[event.currency] ?? 2);
      for (const amount of Object.values(event.amounts)) {
        expect(Math.abs(amount * factor - Math.round(amount * factor))).toBeLessThan(1e-6);
      }
    }
  });

  it('have realistic basket sizes: mostly one line, a long tail, never more than 50', () => {
    const sizes = placed.map((event) => event.items.length);
    const single = share(sizes.filter((size) => size === 1).length, sizes.length);
    expect(single).toBeGreaterThan(0.4);
    expect(single).toBeLessThan(0.65);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(Math.max(...sizes)).toBeGreaterThan(20);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1.5);
    expect(mean).toBeLessThan(4);
    const discounted = share(
      placed.filter((event) => event.amounts.discount_total > 0).length,
      placed.length,
    );
    expect(discounted).toBeGreaterThan(0.1);
    expect(discounted).toBeLessThan(0.5);
  });

  it('use payment methods by country and channel', () => {
    const methods = countBy(placed, (event) => `${event.store.country}:${event.payment.method}`);
    for (const event of placed) {
      if (event.payment.method === 'pix') expect(event.store.country).toBe('BR');
      if (event.payment.method === 'cash') expect(event.store.channel).toBe('in_store');
      if (event.payment.method === 'klarna')
        expect(['SE', 'DE', 'GB']).toContain(event.store.country);
    }
    const brazil = placed.filter((event) => event.store.country === 'BR').length;
    expect(share(methods.get('BR:pix') ?? 0, brazil)).toBeGreaterThan(0.25);
    const sweden = placed.filter((event) => event.store.country === 'SE').length;
    expect(share(methods.get('SE:klarna') ?? 0, sweden)).toBeGreaterThan(0.2);
    const cards = countBy(
      placed.filter((event) => event.store.country === 'JP' && event.payment.method === 'card'),
      (event) => event.payment.card_brand ?? 'none',
    );
    expect(cards.get('jcb') ?? 0).toBeGreaterThan(0);
    expect(cards.get('none')).toBeUndefined();
  });

  it('ship only remote orders and tax every order', () => {
    for (const event of placed) {
      if (event.store.channel === 'in_store') expect(event.amounts.shipping).toBe(0);
      expect(event.amounts.tax_total).toBeGreaterThan(0);
    }
    const remote = placed.filter((event) => event.store.channel !== 'in_store');
    expect(
      share(remote.filter((event) => event.amounts.shipping > 0).length, remote.length),
    ).toBeGreaterThan(0.2);
  });

  it('sell in store only during opening hours, and not on Sundays where shops close', () => {
    const closedOnSunday = new Set(
      COUNTRIES.filter((country) => !country.sundayTrading).map((country) => country.code),
    );
    for (const event of placed.filter((e) => e.store.channel === 'in_store')) {
      const { hour, weekday } = localClock(event.event_time);
      const [open, close] = weekday === 6 ? SHOP_OPENING_HOURS.sunday : SHOP_OPENING_HOURS.weekday;
      expect(hour).toBeGreaterThanOrEqual(open);
      expect(hour).toBeLessThan(close);
      if (weekday === 6) expect(closedOnSunday.has(event.store.country)).toBe(false);
    }
  });

  it('follow the diurnal and weekly rhythm in local time', () => {
    const online = placed.filter((event) => event.store.channel === 'online');
    const byHour = countBy(online, (event) => String(localClock(event.event_time).hour));
    expect(byHour.get('20') ?? 0).toBeGreaterThan(4 * (byHour.get('4') ?? 0));
    const shops = placed.filter((event) => event.store.channel === 'in_store');
    const byDay = countBy(shops, (event) => String(localClock(event.event_time).weekday));
    expect(byDay.get('5') ?? 0).toBeGreaterThan(1.3 * (byDay.get('1') ?? 0)); // Saturday vs Tuesday
  });

  it('cover at least 200 SKUs in 8+ categories and 15+ brands', () => {
    const items = placed.flatMap((event) => event.items);
    expect(new Set(items.map((item) => item.sku)).size).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((item) => item.category)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(items.map((item) => item.brand)).size).toBeGreaterThanOrEqual(15);
  });
});

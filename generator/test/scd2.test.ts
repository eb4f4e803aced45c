import { describe, expect, it } from 'vitest';
import type { OrderEvent, SalesEvent } from '@salesflow/contract';
import { createGenerator } from '../src/index.js';

const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = FROM + 90 * 86_400_000;

describe('slowly changing attributes over a 90-day backfill', () => {
  const events: SalesEvent[] = [];
  for (const message of createGenerator({ seed: 11, events: 60_000, from: FROM, to: TO })) {
    events.push(message.event as SalesEvent);
  }
  const placed = events.filter((event): event is OrderEvent => event.event_type === 'order_placed');

  it('changes customers’ tier, city or email, each change stamped by updated_at', () => {
    const states = new Map<string, Set<string>>();
    const byVersion = new Map<string, string>();
    for (const event of placed) {
      const { customer } = event;
      expect(Date.parse(customer.updated_at)).toBeLessThanOrEqual(Date.parse(event.event_time));
      const state = JSON.stringify([customer.loyalty_tier, customer.city, customer.email]);
      const set = states.get(customer.customer_id) ?? new Set<string>();
      set.add(state);
      states.set(customer.customer_id, set);
      // A snapshot keyed on updated_at must see one state per version.
      const version = `${customer.customer_id}@${customer.updated_at}`;
      expect(byVersion.get(version) ?? state).toBe(state);
      byVersion.set(version, state);
    }
    const changed = [...states.values()].filter((set) => set.size >= 2).length;
    expect(changed).toBeGreaterThan(500);
  });

  it('revises product prices every few weeks, product_updated_at moving with the price', () => {
    const prices = new Map<string, Set<number>>();
    const byVersion = new Map<string, number>();
    for (const event of placed) {
      for (const item of event.items) {
        expect(Date.parse(item.product_updated_at)).toBeLessThanOrEqual(
          Date.parse(event.event_time),
        );
        const key = `${item.product_id}/${event.currency}`;
        const set = prices.get(key) ?? new Set<number>();
        set.add(item.unit_price);
        prices.set(key, set);
        const version = `${key}@${item.product_updated_at}`;
        expect(byVersion.get(version) ?? item.unit_price).toBe(item.unit_price);
        byVersion.set(version, item.unit_price);
      }
    }
    const products = new Set(
      [...prices].filter(([, set]) => set.size >= 2).map(([key]) => key.split('/')[0]),
    );
    expect(products.size).toBeGreaterThanOrEqual(150);
  });
});

import { describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { generate, NOW } from './fixtures.js';

describe('valid events', () => {
  const messages = generate({ events: 100_000 });

  it('are all accepted by the contract', () => {
    const rejected: string[] = [];
    for (const message of messages) {
      const result = validateMessage(message.data, { now: NOW });
      if (!result.ok && rejected.length < 5)
        rejected.push(`${result.reason}: ${JSON.stringify(result.issues)}`);
    }
    expect(rejected).toEqual([]);
    expect(messages).toHaveLength(100_000);
    expect(messages.every((message) => message.kind === 'valid')).toBe(true);
  });

  it('are serialized exactly as JSON.stringify would, one UTF-8 line each', () => {
    for (const message of messages.slice(0, 20_000)) {
      expect(message.data.includes(0x0a)).toBe(false);
      expect(message.data.toString('utf8')).toBe(JSON.stringify(message.event));
    }
  });

  it('carry unique event ids, and unique order ids for placed orders', () => {
    const eventIds = new Set(messages.map((message) => message.event?.event_id));
    expect(eventIds.size).toBe(messages.length);
    const placed = messages.filter((message) => message.eventType === 'order_placed');
    expect(new Set(placed.map((message) => message.event?.order_id)).size).toBe(placed.length);
  });

  it('refund an earlier order and echo it', () => {
    const placed = new Map(
      messages
        .filter((m) => m.eventType === 'order_placed')
        .map((m) => [m.event?.order_id, m.event]),
    );
    const refunds = messages.filter((m) => m.eventType === 'order_refunded');
    expect(refunds.length).toBeGreaterThan(0);
    let partial = 0;
    for (const { event: refund } of refunds) {
      const original = placed.get(refund?.order_id);
      expect(original).toBeDefined();
      expect(refund?.refund?.original_order_id).toBe(refund?.order_id);
      expect({
        ...refund,
        event_id: '',
        event_type: '',
        event_time: '',
        refund: undefined,
      }).toEqual({
        ...original,
        event_id: '',
        event_type: '',
        event_time: '',
        refund: undefined,
        // A refund repeats the order's content, not the delivery promise made at checkout.
        promised_delivery_date: undefined,
      });
      expect(refund).not.toHaveProperty('promised_delivery_date');
      expect(Date.parse(refund?.event_time ?? '')).toBeGreaterThan(
        Date.parse(original?.event_time ?? ''),
      );
      if ((refund?.refund?.amount ?? 0) < (refund?.amounts?.total ?? 0)) partial += 1;
    }
    // Some refunds are partial, most are not.
    expect(partial / refunds.length).toBeGreaterThan(0.2);
    expect(partial / refunds.length).toBeLessThan(0.5);
  });
});

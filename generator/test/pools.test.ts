import { describe, expect, it } from 'vitest';
import type { PlacedOrder } from '../src/orders.js';
import { Random } from '../src/random.js';
import { RefundPool } from '../src/refund-pool.js';
import { ResendWindow } from '../src/resend-window.js';

/** Orders written one after another into one slab, as the order factory's writer does. */
function placedOrders(count: number): PlacedOrder[] {
  const slab = Buffer.alloc(4096);
  const orders: PlacedOrder[] = [];
  let at = 0;
  for (let n = 1; n <= count; n += 1) {
    const json = `{"head":${n},"order_id":"ORD-${n}","payment":{}}`;
    slab.write(json, at, 'latin1');
    const data = slab.subarray(at, at + json.length);
    at += json.length;
    orders.push({
      data,
      eventType: 'order_placed',
      eventTimeAt: 0,
      orderNumber: n,
      bodyStart: json.indexOf('"order_id"'),
      bodyEnd: json.length - 1,
      totalMinor: n * 100,
      storeIndex: n % 7,
      placedAt: n * 1000,
      fulfilment: undefined,
    });
  }
  return orders;
}

describe('RefundPool', () => {
  it('returns what was added, the last entry taking the place of a taken one', () => {
    const pool = new RefundPool(4);
    const random = new Random(1);
    for (const order of placedOrders(3)) pool.add(order, random);
    expect(pool.size).toBe(3);
    const first = pool.take(0);
    expect(first).toEqual({
      orderNumber: 1,
      body: Buffer.from('"order_id":"ORD-1","payment":{}'),
      totalMinor: 100,
      storeIndex: 1,
    });
    expect(pool.size).toBe(2);
    expect(pool.placedAt(0)).toBe(3000);
    expect(pool.take(0).body.toString()).toBe('"order_id":"ORD-3","payment":{}');
    expect(pool.take(0).orderNumber).toBe(2);
    expect(pool.size).toBe(0);
  });

  it('replaces a random entry once full, drawing once per added order', () => {
    const pool = new RefundPool(2);
    const random = new Random(5);
    const replay = new Random(5);
    const orders = placedOrders(3);
    for (const order of orders) pool.add(order, random);
    const replaced = replay.int(2);
    expect(random.uint32()).toBe(replay.uint32());
    expect(pool.size).toBe(2);
    expect(pool.placedAt(replaced)).toBe(3000);
    expect(pool.placedAt(1 - replaced)).toBe(replaced === 0 ? 2000 : 1000);
  });
});

describe('ResendWindow', () => {
  it('gives back the same bytes and attributes that were sent', () => {
    const window = new ResendWindow(8);
    const random = new Random(2);
    const [placed, refunded] = placedOrders(2) as [PlacedOrder, PlacedOrder];
    window.add({ ...placed, late: false }, random);
    window.add({ ...refunded, eventType: 'order_refunded', eventTimeAt: 7, late: true }, random);
    const again = window.at(1);
    expect(again.data.equals(refunded.data)).toBe(true);
    expect(again).toMatchObject({ eventType: 'order_refunded', eventTimeAt: 7, late: true });
    expect(window.at(0)).toMatchObject({ eventType: 'order_placed', late: false });
    expect(window.size).toBe(2);
  });
});

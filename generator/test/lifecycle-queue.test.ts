import { describe, expect, it } from 'vitest';
import type { FulfilmentPlan } from '../src/fulfilment.js';
import { LifecycleQueue, type DueLifecycleEvent } from '../src/lifecycle-queue.js';

const shipment: FulfilmentPlan = {
  promisedDay: 20_454,
  cancelled: false,
  carrier: 'ups',
  originType: 'warehouse',
  originId: 'WH-1',
  shippedAt: 1_000,
  deliveredAt: 2_000,
};

const due = (dueAt: number, orderNumber: number): DueLifecycleEvent => ({
  dueAt,
  stage: 'shipped',
  late: false,
  orderNumber,
  storeIndex: 0,
  shipment,
});

const drain = (queue: LifecycleQueue): number[] => {
  const order: number[] = [];
  for (let event = queue.pop(); event; event = queue.pop()) order.push(event.orderNumber);
  return order;
};

describe('the lifecycle queue', () => {
  it('hands events out by due time, those due together in the order they were pushed', () => {
    const queue = new LifecycleQueue();
    for (const [dueAt, orderNumber] of [
      [30, 1],
      [10, 2],
      [30, 3],
      [20, 4],
      [10, 5],
    ] as const) {
      queue.push(due(dueAt, orderNumber));
    }
    expect(queue.nextDueAt).toBe(10);
    expect(drain(queue)).toEqual([2, 5, 4, 1, 3]);
    expect(queue.nextDueAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('counts the events due before its horizon as they come and go', () => {
    const queue = new LifecycleQueue({ horizon: 25 });
    queue.push(due(10, 1));
    queue.push(due(30, 2));
    queue.push(due(20, 3));
    expect(queue.dueBeforeHorizon).toBe(2);
    queue.pop();
    expect(queue.dueBeforeHorizon).toBe(1);
  });

  it('has room for events up to its capacity, and room again once one leaves', () => {
    const queue = new LifecycleQueue({ capacity: 3 });
    expect(queue.hasRoomFor(3)).toBe(true);
    expect(queue.hasRoomFor(4)).toBe(false);
    queue.push(due(10, 1));
    queue.push(due(20, 1));
    expect(queue.hasRoomFor(1)).toBe(true);
    expect(queue.hasRoomFor(2)).toBe(false);
    queue.push(due(30, 2));
    expect(queue.hasRoomFor(1)).toBe(false);
    expect(() => queue.push(due(40, 2))).toThrow(/holds at most 3 events/);
    expect(queue.size).toBe(3);
    queue.pop();
    expect(queue.hasRoomFor(1)).toBe(true);
    expect(queue.hasRoomFor(2)).toBe(false);
  });

  it('has no room at all at capacity zero, and no bound by default', () => {
    expect(new LifecycleQueue({ capacity: 0 }).hasRoomFor(1)).toBe(false);
    expect(new LifecycleQueue().hasRoomFor(Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});

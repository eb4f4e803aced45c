import { describe, expect, it } from 'vitest';
import { OldestFirst } from '../src/bridge/oldest-first.js';
import { PullBuffer, type Delivery } from '../src/bridge/pull-buffer.js';

const delivery = (id: string, publishedAt: number): Delivery => ({
  ackId: `ack-${id}`,
  deliveryAttempt: 1,
  message: { id, data: Buffer.from(id), attributes: {}, publishTime: new Date(publishedAt) },
});

describe('OldestFirst', () => {
  it('hands out items smallest key first, ties in insertion order', () => {
    const queue = new OldestFirst<{ key: number; label: string }>((item) => item.key);
    const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 101);
    keys.forEach((key, i) => queue.push({ key, label: `${key}#${i}` }));
    const out: string[] = [];
    for (let item = queue.pop(); item; item = queue.pop()) out.push(item.label);
    const expected = keys
      .map((key, i) => ({ key, i }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map(({ key, i }) => `${key}#${i}`);
    expect(out).toEqual(expected);
    expect(queue.size).toBe(0);
  });

  it('keeps its order when pushes and pops interleave', () => {
    const queue = new OldestFirst<number>((n) => n);
    [5, 3, 9].forEach((n) => queue.push(n));
    expect(queue.pop()).toBe(3);
    [1, 7].forEach((n) => queue.push(n));
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop(), queue.pop()]).toEqual([
      1,
      5,
      7,
      9,
      undefined,
    ]);
  });
});

describe('PullBuffer', () => {
  it('hands out the message published first, whatever the order it was pulled in', () => {
    const buffer = new PullBuffer(60_000, () => undefined);
    for (const [id, at] of [
      ['c', 3_000],
      ['a', 1_000],
      ['d', 4_000],
      ['b', 2_000],
    ] as const)
      buffer.add(delivery(id, at));
    expect([1, 2].map(() => buffer.takeOldest()?.message.id)).toEqual(['a', 'b']);
    expect(
      buffer
        .takeAll()
        .map((d) => d.message.id)
        .sort(),
    ).toEqual(['c', 'd']);
    expect(buffer.size).toBe(0);
  });

  it('extends the lease of a message that has waited half its ack deadline, and only then', async () => {
    const extended: string[][] = [];
    const buffer = new PullBuffer(400, (ackIds) => extended.push(ackIds));
    buffer.add(delivery('waiting', 1_000));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(extended).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(extended.length).toBeGreaterThan(0);
    expect(extended.flat().every((ackId) => ackId === 'ack-waiting')).toBe(true);
    buffer.takeAll();
    const count = extended.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(extended).toHaveLength(count);
  });
});

/**
 * The lifecycle events an order will emit later — its shipment and its delivery — ordered by when
 * they are due on the stream: a binary min-heap on (due time, order of scheduling), so events due at
 * the same instant leave in the order they were planned and a seed gives the same stream.
 */
import type { FulfilmentPlan } from './fulfilment.js';

/** One scheduled lifecycle event. */
export interface DueLifecycleEvent {
  /** When the message goes on the stream, epoch ms: the event's own time, later when it is late. */
  readonly dueAt: number;
  readonly stage: 'shipped' | 'delivered';
  readonly late: boolean;
  readonly orderNumber: number;
  readonly storeIndex: number;
  readonly shipment: FulfilmentPlan;
}

interface Entry {
  readonly event: DueLifecycleEvent;
  readonly sequence: number;
}

const before = (a: Entry, b: Entry): boolean =>
  a.event.dueAt < b.event.dueAt || (a.event.dueAt === b.event.dueAt && a.sequence < b.sequence);

/** Bounds of a {@link LifecycleQueue}. */
export interface LifecycleQueueOptions {
  /** The instant (epoch ms) before which {@link LifecycleQueue.dueBeforeHorizon} counts events. */
  readonly horizon?: number;
  /** The most events waiting at once. */
  readonly capacity?: number;
}

/** Lifecycle events waiting for their time, at most `capacity` of them. */
export class LifecycleQueue {
  readonly #heap: Entry[] = [];
  #sequence = 0;
  #beforeHorizon = 0;
  readonly horizon: number;
  readonly capacity: number;

  constructor({
    horizon = Number.POSITIVE_INFINITY,
    capacity = Number.POSITIVE_INFINITY,
  }: LifecycleQueueOptions = {}) {
    this.horizon = horizon;
    this.capacity = capacity;
  }

  /** How many waiting events are due before the horizon. */
  get dueBeforeHorizon(): number {
    return this.#beforeHorizon;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** When the next event is due, epoch ms; Infinity when none waits. */
  get nextDueAt(): number {
    return this.#heap[0]?.event.dueAt ?? Number.POSITIVE_INFINITY;
  }

  /** Whether `count` more events fit under the capacity. */
  hasRoomFor(count: number): boolean {
    return this.#heap.length + count <= this.capacity;
  }

  /** Adds an event; throws when the queue is full (ask {@link hasRoomFor} first). */
  push(event: DueLifecycleEvent): void {
    const heap = this.#heap;
    if (heap.length >= this.capacity) {
      throw new RangeError(`the lifecycle queue holds at most ${this.capacity} events`);
    }
    if (event.dueAt < this.horizon) this.#beforeHorizon += 1;
    heap.push({ event, sequence: this.#sequence++ });
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(heap[at]!, heap[parent]!)) break;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  }

  /** Removes and returns the event due first. */
  pop(): DueLifecycleEvent | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    if (top.event.dueAt < this.horizon) this.#beforeHorizon -= 1;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === at) break;
        [heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!];
        at = smallest;
      }
    }
    return top.event;
  }
}

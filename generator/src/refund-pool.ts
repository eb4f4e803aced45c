import type { PlacedOrder } from './orders.js';
import type { Random } from './random.js';

/** An order picked for a refund: what the refund event echoes and computes from. */
export interface RefundableOrder {
  /** The order id's running number. */
  readonly orderNumber: number;
  /** The original order's JSON members from `order_id` to `payment`. */
  readonly body: Buffer;
  readonly totalMinor: number;
  readonly storeIndex: number;
}

/**
 * The orders a later refund may pick from, replaced at random once full. Entries are numbers and
 * one copy of each order's body, not objects: every placed order enters the pool and stays for
 * thousands of orders, and an object per entry would be copied by each young-generation GC and then
 * promoted — most of the generator's GC work before this pool. The body is copied out of the
 * writer's slab because a view would keep the whole slab alive while any entry points into it: with
 * random replacement that is a hundred slabs, reached only after tens of thousands of orders, where
 * the copies hold one body per entry from the start.
 */
export class RefundPool {
  readonly #bodies: Buffer[] = [];
  readonly #orderNumbers: Float64Array;
  readonly #totals: Float64Array;
  readonly #stores: Int32Array;
  readonly #placedAt: Float64Array;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#orderNumbers = new Float64Array(capacity);
    this.#totals = new Float64Array(capacity);
    this.#stores = new Int32Array(capacity);
    this.#placedAt = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds an order; once the pool is full it replaces a random entry (one draw from `random`). */
  add(order: PlacedOrder, random: Random): void {
    const at = this.#size < this.capacity ? this.#size++ : random.int(this.capacity);
    const body = Buffer.allocUnsafeSlow(order.bodyEnd - order.bodyStart);
    order.data.copy(body, 0, order.bodyStart, order.bodyEnd);
    this.#bodies[at] = body;
    this.#orderNumbers[at] = order.orderNumber;
    this.#totals[at] = order.totalMinor;
    this.#stores[at] = order.storeIndex;
    this.#placedAt[at] = order.placedAt;
  }

  /** The order at `index`, left in the pool: which order it is, where and when it was placed. */
  peek(index: number): { orderNumber: number; storeIndex: number; placedAt: number } {
    return {
      orderNumber: this.#orderNumbers[index] as number,
      storeIndex: this.#stores[index] as number,
      placedAt: this.#placedAt[index] as number,
    };
  }

  /** When the order at `index` was placed, epoch ms. */
  placedAt(index: number): number {
    return this.#placedAt[index] as number;
  }

  /** Removes the order at `index` (the last entry takes its place) and returns it. */
  take(index: number): RefundableOrder {
    const order: RefundableOrder = {
      orderNumber: this.#orderNumbers[index] as number,
      body: this.#bodies[index] as Buffer,
      totalMinor: this.#totals[index] as number,
      storeIndex: this.#stores[index] as number,
    };
    const last = --this.#size;
    this.#bodies[index] = this.#bodies[last] as Buffer;
    this.#orderNumbers[index] = this.#orderNumbers[last] as number;
    this.#totals[index] = this.#totals[last] as number;
    this.#stores[index] = this.#stores[last] as number;
    this.#placedAt[index] = this.#placedAt[last] as number;
    this.#bodies.length = last;
    return order;
  }
}

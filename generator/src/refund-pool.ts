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
 * references to the writer's slabs, not objects: every placed order enters the pool and stays for
 * thousands of orders, and an object per entry would be copied by each young-generation GC and then
 * promoted — most of the generator's GC work before this pool.
 */
export class RefundPool {
  readonly #slabs: ArrayBufferLike[] = [];
  readonly #bodyOffsets: Int32Array;
  readonly #bodyLengths: Int32Array;
  readonly #orderNumbers: Float64Array;
  readonly #totals: Float64Array;
  readonly #stores: Int32Array;
  readonly #placedAt: Float64Array;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#bodyOffsets = new Int32Array(capacity);
    this.#bodyLengths = new Int32Array(capacity);
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
    this.#slabs[at] = order.data.buffer;
    this.#bodyOffsets[at] = order.data.byteOffset + order.bodyStart;
    this.#bodyLengths[at] = order.bodyEnd - order.bodyStart;
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
      body: Buffer.from(
        this.#slabs[index] as ArrayBuffer,
        this.#bodyOffsets[index],
        this.#bodyLengths[index],
      ),
      totalMinor: this.#totals[index] as number,
      storeIndex: this.#stores[index] as number,
    };
    const last = --this.#size;
    this.#slabs[index] = this.#slabs[last] as ArrayBufferLike;
    this.#bodyOffsets[index] = this.#bodyOffsets[last] as number;
    this.#bodyLengths[index] = this.#bodyLengths[last] as number;
    this.#orderNumbers[index] = this.#orderNumbers[last] as number;
    this.#totals[index] = this.#totals[last] as number;
    this.#stores[index] = this.#stores[last] as number;
    this.#placedAt[index] = this.#placedAt[last] as number;
    // Lets the slab go once nothing else refers to it.
    this.#slabs.length = last;
    return order;
  }
}

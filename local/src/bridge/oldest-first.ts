interface Entry<T> {
  key: number;
  order: number;
  item: T;
}

/** A priority queue handing out the item with the smallest key first; ties in insertion order. */
export class OldestFirst<T> {
  private readonly heap: Entry<T>[] = [];
  private inserted = 0;

  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.heap.length;
  }

  push(item: T): void {
    const entry = { key: this.keyOf(item), order: this.inserted++, item };
    const heap = this.heap;
    let at = heap.push(entry) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[at] = heap[parent]!;
      at = parent;
    }
    heap[at] = entry;
  }

  /** Removes and returns the item with the smallest key. */
  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last || heap.length === 0) return top?.item;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = last;
    return top.item;
  }

  /** Every item, in no particular order. */
  items(): T[] {
    return this.heap.map((entry) => entry.item);
  }

  /** Removes and returns every item, in no particular order. */
  clear(): T[] {
    return this.heap.splice(0).map((entry) => entry.item);
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.order < b.order);
}

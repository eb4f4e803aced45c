/**
 * Byte strings kept in numbered slots of one buffer allocated up front: for pools that keep the
 * bodies of thousands of messages and replace them at random. A copy per body allocated on its own
 * (or a view keeping its writer's slab alive) lives for tens of seconds, outlives V8's young
 * generation and is freed only by a full collection, so a live stream's memory rose and fell by
 * tens of megabytes with the collector's rhythm; slots are written over in place. A body longer
 * than a slot is kept as a copy of its own.
 */
export class SlotArena {
  readonly #bytes: Buffer;
  readonly #lengths: Int32Array;
  readonly #oversized = new Map<number, Buffer>();

  constructor(
    readonly slots: number,
    readonly slotBytes: number,
  ) {
    this.#bytes = Buffer.alloc(slots * slotBytes);
    this.#lengths = new Int32Array(slots);
  }

  /** Copies `bytes` into `slot`, in place of what it held. */
  set(slot: number, bytes: Uint8Array): void {
    this.#lengths[slot] = bytes.length;
    if (bytes.length <= this.slotBytes) {
      this.#oversized.delete(slot);
      this.#bytes.set(bytes, slot * this.slotBytes);
    } else {
      const copy = Buffer.allocUnsafeSlow(bytes.length);
      copy.set(bytes);
      this.#oversized.set(slot, copy);
    }
  }

  /** A copy of what `slot` holds: it stays as it is when the slot is written over. */
  copy(slot: number): Buffer {
    const length = this.#lengths[slot] as number;
    const oversized = this.#oversized.get(slot);
    if (oversized) return Buffer.from(oversized);
    const start = slot * this.slotBytes;
    return Buffer.from(this.#bytes.subarray(start, start + length));
  }
}

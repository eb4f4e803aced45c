import { EVENT_TYPES, type SalesEvent } from '@salesflow/contract';
import type { Random } from './random.js';

/** What a re-send repeats of a message that was sent. */
export interface SentEvent {
  readonly data: Buffer;
  readonly eventType: SalesEvent['event_type'];
  readonly eventTimeAt: number;
  readonly late: boolean;
}

/**
 * The recently sent valid messages a duplicate may repeat, replaced at random once full. Like the
 * refund pool it holds numbers and slab references rather than the message objects, which would
 * otherwise all outlive a young-generation GC.
 */
export class ResendWindow {
  readonly #slabs: ArrayBufferLike[] = [];
  readonly #offsets: Int32Array;
  readonly #lengths: Int32Array;
  readonly #eventTimeAt: Int32Array;
  /** Index of the event type in the contract's list. */
  readonly #type: Uint8Array;
  readonly #late: Uint8Array;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#offsets = new Int32Array(capacity);
    this.#lengths = new Int32Array(capacity);
    this.#eventTimeAt = new Int32Array(capacity);
    this.#type = new Uint8Array(capacity);
    this.#late = new Uint8Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Remembers a sent message; once full it replaces a random entry (one draw from `random`). */
  add(message: SentEvent, random: Random): void {
    const at = this.#size < this.capacity ? this.#size++ : random.int(this.capacity);
    this.#slabs[at] = message.data.buffer;
    this.#offsets[at] = message.data.byteOffset;
    this.#lengths[at] = message.data.length;
    this.#eventTimeAt[at] = message.eventTimeAt;
    this.#type[at] = EVENT_TYPES.indexOf(message.eventType);
    this.#late[at] = message.late ? 1 : 0;
  }

  /** The message at `index`, its bytes a new view of the same memory. */
  at(index: number): SentEvent {
    return {
      data: Buffer.from(
        this.#slabs[index] as ArrayBuffer,
        this.#offsets[index],
        this.#lengths[index],
      ),
      eventType: EVENT_TYPES[this.#type[index] as number] as SalesEvent['event_type'],
      eventTimeAt: this.#eventTimeAt[index] as number,
      late: this.#late[index] === 1,
    };
  }
}

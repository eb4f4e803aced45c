/**
 * Assembles messages straight into bytes: constant JSON fragments are encoded once and copied, small
 * ASCII values (numbers, ids, timestamps) are written in place. This skips building, flattening and
 * UTF-8 encoding a string per message, which is where a naive generator spends its time.
 */
export class ByteWriter {
  #buffer: Buffer;
  /** Where the message being written starts in the current slab. */
  #start = 0;
  #position = 0;
  readonly #slabSize: number;

  constructor(slabSize = 1 << 20) {
    this.#slabSize = slabSize;
    this.#buffer = Buffer.allocUnsafe(slabSize);
  }

  /** Bytes written since the last {@link take}. */
  get length(): number {
    return this.#position - this.#start;
  }

  /** Appends pre-encoded bytes. */
  bytes(fragment: Uint8Array): void {
    this.#reserve(fragment.length);
    this.#buffer.set(fragment, this.#position);
    this.#position += fragment.length;
  }

  /** Appends a string that is known to be ASCII (ids, codes, numbers, timestamps). */
  ascii(text: string): void {
    const length = text.length;
    this.#reserve(length);
    const buffer = this.#buffer;
    let position = this.#position;
    // A plain loop beats a native write call for the short strings this is used for.
    for (let i = 0; i < length; i += 1) buffer[position++] = text.charCodeAt(i);
    this.#position = position;
  }

  /**
   * Returns everything written since the last take and starts the next message after it. The result
   * is a view into a slab that is never written again, so no copy or allocation is made per message.
   */
  take(): Buffer {
    const out = this.#buffer.subarray(this.#start, this.#position);
    this.#start = this.#position;
    return out;
  }

  #reserve(extra: number): void {
    if (this.#position + extra <= this.#buffer.length) return;
    // A new slab; only the message in progress moves. Earlier views keep the old slab alive.
    const pending = this.#position - this.#start;
    const next = Buffer.allocUnsafe(Math.max(this.#slabSize, 2 * (pending + extra)));
    this.#buffer.copy(next, 0, this.#start, this.#position);
    this.#buffer = next;
    this.#start = 0;
    this.#position = pending;
  }
}

/** UTF-8 bytes of a constant fragment. */
export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

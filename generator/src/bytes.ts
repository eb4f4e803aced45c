/**
 * Assembles messages straight into bytes: constant JSON fragments are encoded once and copied, small
 * ASCII values (numbers, ids, timestamps) are written in place. This skips building, flattening and
 * UTF-8 encoding a string per message, which is where a naive generator spends its time.
 */
export class ByteWriter {
  #buffer: Buffer;
  #position = 0;

  constructor(initialSize = 1 << 20) {
    this.#buffer = Buffer.allocUnsafe(initialSize);
  }

  /** Bytes written since the last {@link take}. */
  get length(): number {
    return this.#position;
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

  /** Returns a copy of everything written and starts over. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.#position);
    this.#buffer.copy(out, 0, 0, this.#position);
    this.#position = 0;
    return out;
  }

  #reserve(extra: number): void {
    if (this.#position + extra <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#position + extra));
    this.#buffer.copy(grown, 0, 0, this.#position);
    this.#buffer = grown;
  }
}

/** UTF-8 bytes of a constant fragment. */
export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

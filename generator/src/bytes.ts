/**
 * Assembles messages straight into bytes: constant JSON fragments are encoded once and copied, small
 * ASCII values (numbers, ids, timestamps) are written in place. This skips building, flattening and
 * UTF-8 encoding a string per message, which is where a naive generator spends its time.
 */
const SHORT_COPY = 32;
const DIGIT_0 = 0x30;
const DOT = 0x2e;
const ZERO = Buffer.from('0', 'latin1');
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000];
/** Above this many minor units a quotient may print with more than 15 significant digits. */
const MAX_EXACT_MINOR = 1e15;

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
    const length = fragment.length;
    this.#reserve(length);
    if (length > SHORT_COPY) {
      this.#buffer.set(fragment, this.#position);
      this.#position += length;
      return;
    }
    // Most fragments are a dozen bytes: a loop costs less than the native call.
    const buffer = this.#buffer;
    let position = this.#position;
    for (let i = 0; i < length; i += 1) buffer[position++] = fragment[i]!;
    this.#position = position;
  }

  /** Appends a non-negative integer in decimal, as `String(value)` writes it. */
  uint(value: number): void {
    if (value < 10) {
      this.#reserve(1);
      this.#buffer[this.#position++] = DIGIT_0 + value;
      return;
    }
    if (!Number.isSafeInteger(value) || value < 0) {
      this.ascii(String(value));
      return;
    }
    let digits = 1;
    for (let bound = 10; bound <= value; bound *= 10) digits += 1;
    this.#reserve(digits);
    const buffer = this.#buffer;
    let position = this.#position + digits;
    this.#position = position;
    for (let rest = value; digits > 0; digits -= 1) {
      const digit = rest % 10;
      buffer[--position] = DIGIT_0 + digit;
      rest = (rest - digit) / 10;
    }
  }

  /** Appends a non-negative safe integer left-padded with zeros to `width` digits. */
  paddedUint(value: number, width: number): void {
    let digits = 1;
    for (let bound = 10; bound <= value; bound *= 10) digits += 1;
    for (; digits < width; digits += 1) this.bytes(ZERO);
    this.uint(value);
  }

  /**
   * Appends an amount in minor units as its major-unit decimal, exactly as
   * `String(minor / 10 ** exponent)` writes it (no trailing zeros, no point for whole amounts),
   * without formatting a float: number-to-string conversion was the generator's single biggest cost.
   */
  decimal(minor: number, exponent: number): void {
    if (exponent === 0 || minor < 0 || minor > MAX_EXACT_MINOR) {
      this.ascii(String(minor / 10 ** exponent));
      return;
    }
    const factor = POWERS_OF_TEN[exponent] ?? 10 ** exponent;
    const whole = Math.floor(minor / factor);
    let fraction = minor - whole * factor;
    this.uint(whole);
    if (fraction === 0) return;
    let digits = exponent;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits -= 1;
    }
    this.#reserve(digits + 1);
    const buffer = this.#buffer;
    buffer[this.#position] = DOT;
    let position = this.#position + digits + 1;
    this.#position = position;
    for (; digits > 0; digits -= 1) {
      const digit = fraction % 10;
      buffer[--position] = DIGIT_0 + digit;
      fraction = (fraction - digit) / 10;
    }
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

  /** Reserves `length` bytes for the caller to fill in place: `buffer[start .. start + length)`. */
  claim(length: number): { buffer: Buffer; start: number } {
    this.#reserve(length);
    const start = this.#position;
    this.#position += length;
    return { buffer: this.#buffer, start };
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

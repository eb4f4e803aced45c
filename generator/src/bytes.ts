import { DAY_MS, formatUtc, formatWithOffset } from './time.js';

/**
 * Assembles messages straight into bytes: constant JSON fragments are encoded once and copied, small
 * ASCII values (numbers, ids, timestamps) are written in place. This skips building, flattening and
 * UTF-8 encoding a string per message, which is where a naive generator spends its time.
 */
const SHORT_COPY = 32;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
/** `YYYY-MM-DDTHH:MM:SS+HH:MM`, the longest timestamp written. */
const TIMESTAMP_BYTES = 25;
const DIGIT_0 = 0x30;
const DOT = 0x2e;
const ZERO = Buffer.from('0', 'latin1');
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000];
/** Above this many minor units a quotient may print with more than 15 significant digits. */
const MAX_EXACT_MINOR = 1e15;

/** `value` as exactly `width` decimal digits at `at`; returns the position after them. */
function writeDigits(buffer: Buffer, at: number, value: number, width: number): number {
  let rest = value;
  for (let position = at + width - 1; position >= at; position -= 1) {
    const digit = rest % 10;
    buffer[position] = DIGIT_0 + digit;
    rest = (rest - digit) / 10;
  }
  return at + width;
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01) packed as `yyyymmdd`
 * (H. Hinnant's `civil_from_days`), without allocating a Date.
 */
export function civilDate(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + dayOfMonth;
}

/** The slab a {@link ByteWriter} starts with and moves on to when one is full. */
const SLAB_BYTES = 256 * 1024;

/**
 * Writes messages one after another into a slab and hands each out as a view of it. A slab lives as
 * long as the last view of it, so it is kept small enough to fill in about the time a live stream's
 * message lives: a slab that outlives V8's young generation is given back only by a full collection.
 */
export class ByteWriter {
  #buffer: Buffer;
  /** Where the message being written starts in the current slab. */
  #start = 0;
  #position = 0;
  readonly #slabSize: number;

  constructor(slabSize = SLAB_BYTES) {
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

  /** Appends one byte. */
  byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#position++] = value;
  }

  /** Appends the low `digits` hexadecimal digits of an unsigned 32-bit integer, lowercase. */
  hex(value: number, digits: number): void {
    this.#reserve(digits);
    const buffer = this.#buffer;
    let position = this.#position + digits;
    this.#position = position;
    for (let rest = value; digits > 0; digits -= 1) {
      buffer[--position] = HEX_DIGITS[rest & 0xf]!;
      rest >>>= 4;
    }
  }

  /**
   * Appends an RFC 3339 timestamp with whole seconds at a UTC offset in minutes, exactly as
   * `formatWithOffset` (or, with `zulu`, `formatUtc`) prints it, computing the calendar date
   * arithmetically: the stores' local days differ, so a cached date would rarely be reused.
   */
  timestamp(epochMs: number, offsetMinutes: number, zulu = false): void {
    const local = epochMs + offsetMinutes * 60_000;
    const day = Math.floor(local / DAY_MS);
    const date = civilDate(day);
    const year = Math.floor(date / 10_000);
    if (year < 1000 || year > 9999) {
      this.ascii(zulu ? formatUtc(epochMs) : formatWithOffset(epochMs, offsetMinutes));
      return;
    }
    const seconds = Math.floor((local - day * DAY_MS) / 1000);
    this.#reserve(TIMESTAMP_BYTES);
    const buffer = this.#buffer;
    let at = this.#position;
    at = writeDigits(buffer, at, year, 4);
    buffer[at++] = DASH;
    at = writeDigits(buffer, at, Math.floor(date / 100) % 100, 2);
    buffer[at++] = DASH;
    at = writeDigits(buffer, at, date % 100, 2);
    buffer[at++] = LETTER_T;
    at = writeDigits(buffer, at, Math.floor(seconds / 3600), 2);
    buffer[at++] = COLON;
    at = writeDigits(buffer, at, Math.floor(seconds / 60) % 60, 2);
    buffer[at++] = COLON;
    at = writeDigits(buffer, at, seconds % 60, 2);
    if (zulu) {
      buffer[at++] = LETTER_Z;
    } else {
      const abs = Math.abs(offsetMinutes);
      buffer[at++] = offsetMinutes < 0 ? DASH : PLUS;
      at = writeDigits(buffer, at, Math.floor(abs / 60), 2);
      buffer[at++] = COLON;
      at = writeDigits(buffer, at, abs % 60, 2);
    }
    this.#position = at;
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

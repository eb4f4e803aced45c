/** Calendar and timezone helpers; offsets come from the platform's IANA database via `Intl`. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The UTC offset, in minutes, of an IANA timezone at an instant (uncached; see {@link OffsetCache}). */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  const name = formatterFor(timeZone)
    .formatToParts(epochMs)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * Caches timezone offsets by UTC hour. A day's offset is looked up once; only days where the offset
 * changes (DST transitions) are resolved hour by hour, which keeps `Intl` off the hot path.
 */
export class OffsetCache {
  readonly #byDay = new Map<number, number | Int16Array>();

  constructor(readonly timeZone: string) {}

  /** Offset in minutes at an instant. */
  at(epochMs: number): number {
    const day = Math.floor(epochMs / DAY_MS);
    let entry = this.#byDay.get(day);
    if (entry === undefined) {
      const start = utcOffsetMinutes(this.timeZone, day * DAY_MS);
      const end = utcOffsetMinutes(this.timeZone, (day + 1) * DAY_MS - 1);
      if (start === end) {
        entry = start;
      } else {
        entry = new Int16Array(24);
        for (let hour = 0; hour < 24; hour += 1)
          entry[hour] = utcOffsetMinutes(this.timeZone, day * DAY_MS + hour * HOUR_MS);
      }
      this.#byDay.set(day, entry);
    }
    if (typeof entry === 'number') return entry;
    return entry[Math.floor((epochMs - day * DAY_MS) / HOUR_MS)] ?? 0;
  }
}

const offsetSuffixes = new Map<number, string>();

/** `+09:00`, `-05:00`, `+00:00` for an offset in minutes. */
export function offsetSuffix(minutes: number): string {
  let suffix = offsetSuffixes.get(minutes);
  if (suffix === undefined) {
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    suffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    offsetSuffixes.set(minutes, suffix);
  }
  return suffix;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/** RFC 3339 with the given offset and whole seconds, e.g. `2026-03-15T13:05:41+09:00`. */
export function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = epochMs + offsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  // The calendar part changes once a day; the clock part is plain arithmetic.
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const seconds = Math.floor((local - day * DAY_MS) / 1000);
  const hour = Math.floor(seconds / 3600);
  const minute = Math.floor((seconds % 3600) / 60);
  return `${cachedDayPrefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[seconds % 60]}${offsetSuffix(offsetMinutes)}`;
}

/** RFC 3339 in UTC with whole seconds, e.g. `2026-03-15T04:05:41Z`. */
export function formatUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19) + 'Z';
}

/** `YYYY-MM-DD` of a UTC day number (days since the epoch). */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses `YYYY-MM-DD` (UTC midnight) or a full RFC 3339 timestamp; throws on anything else. */
export function parseInstant(text: string): number {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : Date.parse(text);
  if (!Number.isFinite(value) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new Error(`"${text}" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp`);
  }
  return value;
}

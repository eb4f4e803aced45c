/**
 * RFC 3339 timestamps with a mandatory offset, as the contract's `date-time` format accepts them
 * (calendar-valid dates, seconds required, any number of fractional digits), converted to epoch
 * milliseconds by arithmetic, so every engine agrees with `Date.parse` in Node without relying on
 * its parser.
 */

const MS_PER_MINUTE = 60000;
const MS_PER_DAY = 86400000;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The decimal number in `count` ASCII digits at `start` (the grammar guarantees digits). */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/**
 * Epoch milliseconds of a timestamp the contract's `date-time` format accepts. Fractions beyond
 * milliseconds are truncated, as `Date.parse` does.
 */
export function epochMillis(timestamp: string): number {
  const days = daysFromCivil(
    digits(timestamp, 0, 4),
    digits(timestamp, 5, 2),
    digits(timestamp, 8, 2),
  );
  let ms =
    days * MS_PER_DAY +
    digits(timestamp, 11, 2) * 3600000 +
    digits(timestamp, 14, 2) * MS_PER_MINUTE +
    digits(timestamp, 17, 2) * 1000;
  let index = 19;
  if (timestamp.charCodeAt(index) === 46 /* . */) {
    index++;
    const start = index;
    while (index < timestamp.length && isDigit(timestamp.charCodeAt(index))) index++;
    // Milliseconds are the first three fraction digits, padded with zeros; the rest is dropped.
    const fractionDigits = Math.min(index - start, 3);
    ms += digits(timestamp, start, fractionDigits) * Math.pow(10, 3 - fractionDigits);
  }
  if (timestamp.charAt(index) !== 'Z') {
    const sign = timestamp.charAt(index) === '-' ? -1 : 1;
    const offsetMinutes = digits(timestamp, index + 1, 2) * 60 + digits(timestamp, index + 4, 2);
    ms -= sign * offsetMinutes * MS_PER_MINUTE;
  }
  return ms;
}

/** Number formats for tiles and tables; charts format on the client with the same rules. */

/** Money in `currency` with that currency's usual minor units, e.g. "$1,234.50", "¥12,300". */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    // A code Intl rejects (malformed data) still shows, as a plain amount and the raw code.
    return `${formatAmount(amount)} ${currency}`;
  }
}

/** Whole counts with thousands separators. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
}

/** A 0..1 share as a percentage with one decimal. */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}

/** Plain amount in a currency that Intl may not know, with two decimals. */
export function formatAmount(amount: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);
}

/** "in_store" → "in store": codes read better with spaces in labels. */
export function humanize(code: string): string {
  return code.replace(/_/g, ' ');
}

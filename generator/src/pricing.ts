import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import type { FxModel } from './fx.js';
import { listPriceAt, priceRevision, type Product } from './world/catalog.js';
import { DAY_MS, formatUtc } from './time.js';

/** A product's shelf price in one currency, fixed from one price revision to the next. */
export interface ShelfPrice {
  readonly revision: number;
  /** Price in minor units of the currency. */
  readonly minor: number;
  /** Price in major units, as it appears in the event. */
  readonly amount: number;
  /** RFC 3339 UTC time of the revision that set this price (`product_updated_at`). */
  readonly updatedAt: string;
  /** `amount` as JSON text. */
  readonly amountText: string;
}

/**
 * Rounds a converted price the way shops do: `.99` endings, whole tens or hundreds of yen.
 * Returns minor units.
 */
export function shelfRound(amount: number, exponent: number): number {
  if (exponent === 0) {
    const step = amount >= 10_000 ? 100 : 10;
    return Math.max(step, Math.round(amount / step) * step);
  }
  const factor = 10 ** exponent;
  if (amount < 1) return Math.max(1, Math.round(amount * factor));
  return Math.round(amount) * factor - 1;
}

/**
 * Local shelf prices: list price (base currency) at the revision in force, converted at the FX rate
 * of the revision's day and rounded for the shelf. Prices therefore change only at revisions, and
 * `product_updated_at` moves exactly when they do.
 */
export class ShelfPrices {
  readonly #currencies: readonly string[];
  readonly #cache: Array<ShelfPrice | undefined>;

  constructor(
    readonly products: readonly Product[],
    currencies: readonly string[],
    readonly fx: FxModel,
    readonly seed: number,
  ) {
    this.#currencies = currencies;
    this.#cache = new Array<ShelfPrice | undefined>(products.length * currencies.length);
  }

  /** The shelf price of `product` in the currency with index `currencyIndex` at `epochMs`. */
  at(product: Product, currencyIndex: number, epochMs: number): ShelfPrice {
    const revision = Math.floor((epochMs - product.revisionPhaseMs) / product.revisionPeriodMs);
    const slot = product.index * this.#currencies.length + currencyIndex;
    const cached = this.#cache[slot];
    if (cached !== undefined && cached.revision === revision) return cached;
    const since = priceRevision(product, epochMs).since;
    const currency = this.#currencies[currencyIndex] as string;
    const exponent = CURRENCY_MINOR_UNITS[currency] ?? 2;
    const list = listPriceAt(product, revision, since, this.seed);
    const local = this.fx.convert(list, product.baseCurrency, currency, Math.floor(since / DAY_MS));
    const minor = shelfRound(local, exponent);
    const amount = minor / 10 ** exponent;
    const price: ShelfPrice = {
      revision,
      minor,
      amount,
      updatedAt: formatUtc(since),
      amountText: String(amount),
    };
    this.#cache[slot] = price;
    return price;
  }

  /** How many currencies this price list holds. */
  get currencyCount(): number {
    return this.#currencies.length;
  }

  /** Index of a currency in this price list. */
  currencyIndex(currency: string): number {
    const index = this.#currencies.indexOf(currency);
    if (index < 0) throw new Error(`no shelf prices in ${currency}`);
    return index;
  }
}

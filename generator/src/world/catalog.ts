import type { Faker } from '@faker-js/faker';
import { DAY_MS, HOUR_MS } from '../time.js';
import { hashUnit } from '../random.js';

/** A product category with its typical price band (in the brand's base currency). */
export interface CategoryProfile {
  readonly name: string;
  readonly code: string;
  readonly nouns: readonly string[];
  readonly minPrice: number;
  readonly maxPrice: number;
  /** How many of the catalog's SKUs fall in this category. */
  readonly skuWeight: number;
}

export const CATEGORIES: readonly CategoryProfile[] = [
  {
    name: 'Smartphones',
    code: 'SPH',
    nouns: ['Phone', 'Smartphone'],
    minPrice: 179,
    maxPrice: 1499,
    skuWeight: 10,
  },
  {
    name: 'Laptops',
    code: 'LAP',
    nouns: ['Laptop', 'Notebook', 'Ultrabook'],
    minPrice: 399,
    maxPrice: 3299,
    skuWeight: 10,
  },
  {
    name: 'Tablets',
    code: 'TAB',
    nouns: ['Tablet', 'Pad'],
    minPrice: 129,
    maxPrice: 1299,
    skuWeight: 6,
  },
  {
    name: 'Audio',
    code: 'AUD',
    nouns: ['Headphones', 'Earbuds', 'Speaker', 'Soundbar'],
    minPrice: 19,
    maxPrice: 599,
    skuWeight: 12,
  },
  {
    name: 'Monitors',
    code: 'MON',
    nouns: ['Monitor', 'Display'],
    minPrice: 129,
    maxPrice: 1499,
    skuWeight: 7,
  },
  {
    name: 'TVs',
    code: 'TVS',
    nouns: ['OLED TV', 'QLED TV', 'LED TV'],
    minPrice: 299,
    maxPrice: 3999,
    skuWeight: 6,
  },
  {
    name: 'Wearables',
    code: 'WEA',
    nouns: ['Smartwatch', 'Fitness Band', 'Ring'],
    minPrice: 39,
    maxPrice: 899,
    skuWeight: 7,
  },
  {
    name: 'Cameras',
    code: 'CAM',
    nouns: ['Mirrorless Camera', 'Action Camera', 'Lens'],
    minPrice: 199,
    maxPrice: 3999,
    skuWeight: 6,
  },
  {
    name: 'Gaming',
    code: 'GAM',
    nouns: ['Console', 'Controller', 'Gaming Headset', 'Gaming Mouse'],
    minPrice: 29,
    maxPrice: 699,
    skuWeight: 8,
  },
  {
    name: 'Smart Home',
    code: 'SMH',
    nouns: ['Smart Plug', 'Camera Doorbell', 'Thermostat', 'Smart Bulb Kit'],
    minPrice: 15,
    maxPrice: 349,
    skuWeight: 8,
  },
  {
    name: 'Storage',
    code: 'STO',
    nouns: ['SSD', 'Portable SSD', 'microSD Card', 'NAS'],
    minPrice: 19,
    maxPrice: 599,
    skuWeight: 8,
  },
  {
    name: 'Accessories',
    code: 'ACC',
    nouns: ['USB-C Cable', 'Charger', 'Power Bank', 'Case', 'Keyboard', 'Mouse'],
    minPrice: 5,
    maxPrice: 149,
    skuWeight: 14,
  },
];

/** Fictional brands and the currency their list prices are set in. */
export const BRANDS: ReadonlyArray<{ readonly name: string; readonly currency: 'EUR' | 'USD' }> = [
  { name: 'Lumen', currency: 'EUR' },
  { name: 'Sonora', currency: 'EUR' },
  { name: 'Voltix', currency: 'USD' },
  { name: 'Nexora', currency: 'USD' },
  { name: 'Aurivo', currency: 'EUR' },
  { name: 'Kestrel', currency: 'USD' },
  { name: 'Quantix', currency: 'USD' },
  { name: 'Orbitra', currency: 'EUR' },
  { name: 'Pixelon', currency: 'USD' },
  { name: 'Zephyra', currency: 'EUR' },
  { name: 'Brightwave', currency: 'USD' },
  { name: 'Corvane', currency: 'EUR' },
  { name: 'Makoto', currency: 'USD' },
  { name: 'Fjordtek', currency: 'EUR' },
  { name: 'Andara', currency: 'USD' },
  { name: 'Vireo', currency: 'EUR' },
  { name: 'Solvan', currency: 'USD' },
  { name: 'Tessaro', currency: 'EUR' },
];

const SERIES = [
  'Pro',
  'Air',
  'Max',
  'Ultra',
  'Lite',
  'Neo',
  'Edge',
  'Flex',
  'Prime',
  'Nova',
  'Core',
  'Vision',
  'Go',
  'Plus',
  'One',
  'X',
];

/** A catalog product. Its list price moves at each revision; see {@link ProductPricing}. */
export interface Product {
  readonly index: number;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly brand: string;
  /** List price at introduction, in `baseCurrency` major units. */
  readonly basePrice: number;
  readonly baseCurrency: 'EUR' | 'USD';
  /** Relative sales popularity. */
  readonly popularity: number;
  /** Price revisions happen every `revisionPeriodMs`, starting from `revisionPhaseMs`. */
  readonly revisionPeriodMs: number;
  readonly revisionPhaseMs: number;
}

/** The default catalog size. */
export const CATALOG_SIZE = 240;

/** Builds the product catalog once with Faker; everything later is arithmetic on it. */
export function buildCatalog(faker: Faker, size = CATALOG_SIZE): Product[] {
  const categoryWeights = CATEGORIES.map((category) => ({
    weight: category.skuWeight,
    value: category,
  }));
  const usedNames = new Set<string>();
  const products: Product[] = [];
  for (let index = 0; index < size; index += 1) {
    // Round-robin for the first categories so every category and brand is present in small catalogs too.
    const category =
      index < CATEGORIES.length
        ? (CATEGORIES[index] as CategoryProfile)
        : faker.helpers.weightedArrayElement(categoryWeights);
    const brand = index < BRANDS.length ? BRANDS[index]! : faker.helpers.arrayElement(BRANDS);
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || usedNames.has(name)); attempt += 1) {
      const series = faker.helpers.arrayElement(SERIES);
      const model = faker.number.int({ min: 2, max: 99 });
      const noun = faker.helpers.arrayElement(category.nouns);
      name = `${brand.name} ${series} ${model} ${noun}`;
    }
    usedNames.add(name);
    // Log-uniform prices: many cheap items, few expensive ones, like a real catalog.
    const logPrice = faker.number.float({
      min: Math.log(category.minPrice),
      max: Math.log(category.maxPrice),
    });
    const basePrice = Math.max(1, Math.round(Math.exp(logPrice))) - 0.01;
    const number = String(index + 1).padStart(4, '0');
    const periodDays = faker.number.int({ min: 14, max: 42 });
    products.push({
      index,
      productId: `P-${number}`,
      sku: `SKU-${category.code}-${number}`,
      name,
      category: category.name,
      brand: brand.name,
      basePrice,
      baseCurrency: brand.currency,
      popularity: 1 / (1 + faker.number.float({ min: 0, max: 8 })) ** 1.5,
      revisionPeriodMs: periodDays * DAY_MS,
      revisionPhaseMs: faker.number.int({ min: 0, max: periodDays * 24 - 1 }) * HOUR_MS,
    });
  }
  return products;
}

/** Which revision of a product's price is in force at an instant, and since when. */
export function priceRevision(
  product: Product,
  epochMs: number,
): { readonly revision: number; readonly since: number } {
  const revision = Math.floor((epochMs - product.revisionPhaseMs) / product.revisionPeriodMs);
  return { revision, since: product.revisionPhaseMs + revision * product.revisionPeriodMs };
}

/** Electronics get cheaper over time: about −6 % a year around the introduction price. */
const YEARLY_DRIFT = -0.06;
const EPOCH_2026 = Date.parse('2026-01-01T00:00:00Z');

/** The list price (base currency, unrounded) of a product at a given revision. */
export function listPriceAt(
  product: Product,
  revision: number,
  since: number,
  seed: number,
): number {
  const years = (since - EPOCH_2026) / (365.25 * DAY_MS);
  const promoSwing = 0.16 * (hashUnit(seed, product.index, revision) - 0.5);
  return product.basePrice * Math.exp(YEARLY_DRIFT * years + promoSwing);
}

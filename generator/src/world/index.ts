import { Faker, base, en } from '@faker-js/faker';
import { FxModel } from '../fx.js';
import { ShelfPrices } from '../pricing.js';
import { hash32 } from '../random.js';
import { OffsetCache } from '../time.js';
import { buildCatalog, CATALOG_SIZE, type Product } from './catalog.js';
import { COUNTRIES, type CountryProfile } from './countries.js';
import { Customers, CustomerStates, type CustomerPool } from './customers.js';
import { weeklyProfile } from './seasonality.js';
import { buildStores, type StoreProfile } from './stores.js';

/** The default world seed: the same catalog, stores and customers for every run unless asked. */
export const DEFAULT_WORLD_SEED = 20_260_101;
/** The default size of the customer pool. */
export const DEFAULT_CUSTOMERS = 20_000;

/** Everything that exists independently of any single order: stores, catalog, customers, FX. */
export interface World {
  readonly seed: number;
  readonly countries: readonly CountryProfile[];
  readonly stores: readonly StoreProfile[];
  readonly products: readonly Product[];
  readonly customers: CustomerPool;
  /** Customers per country code, for picking a buyer near the store. */
  readonly customersByCountry: ReadonlyMap<string, CustomerPool>;
  readonly customerStates: CustomerStates;
  readonly fx: FxModel;
  readonly prices: ShelfPrices;
  /** Per store: its weekly hourly profile (mean 1) and a timezone offset cache. */
  readonly storeProfiles: readonly Float64Array[];
  readonly storeOffsets: readonly OffsetCache[];
}

/** Options for {@link buildWorld}. */
export interface WorldOptions {
  readonly seed?: number;
  readonly customers?: number;
  readonly products?: number;
}

const worlds = new Map<string, World>();

/**
 * Builds every customer of the world now rather than on first use: the profile, the JSON fragments
 * its events carry and its state at `epochMs`.
 */
export function prepareCustomers(world: World, epochMs: number): void {
  for (let index = 0; index < world.customers.length; index += 1) {
    const customer = world.customers.at(index);
    world.customerStates.prepare(customer);
    world.customerStates.stateAt(customer, epochMs);
  }
}

/**
 * The world for these options, built once per process (Faker runs here, never per event). Worlds
 * are pure functions of their options, and their caches are deterministic, so sharing is safe.
 */
export function buildWorld(options: WorldOptions = {}): World {
  const key = `${options.seed ?? DEFAULT_WORLD_SEED}/${options.customers ?? DEFAULT_CUSTOMERS}/${options.products ?? CATALOG_SIZE}`;
  let world = worlds.get(key);
  if (world === undefined) {
    world = constructWorld(options);
    worlds.set(key, world);
  }
  return world;
}

function constructWorld(options: WorldOptions): World {
  const seed = options.seed ?? DEFAULT_WORLD_SEED;
  const faker = new Faker({ locale: [en, base] });
  faker.seed(hash32(seed, 7));
  const countries = COUNTRIES;
  const stores = buildStores(countries);
  const products = buildCatalog(faker, options.products ?? CATALOG_SIZE);
  const customers = new Customers(countries, options.customers ?? DEFAULT_CUSTOMERS, seed);
  const customersByCountry = new Map<string, CustomerPool>();
  for (const country of countries) {
    const pool = customers.ofCountry(country.code);
    if (pool !== undefined && pool.length > 0) customersByCountry.set(country.code, pool);
  }
  const fx = new FxModel(seed);
  const currencies = [...new Set(countries.map((country) => country.currency))];
  const offsetCaches = new Map<string, OffsetCache>();
  const storeOffsets = stores.map((store) => {
    let cache = offsetCaches.get(store.city.timeZone);
    if (cache === undefined) {
      cache = new OffsetCache(store.city.timeZone);
      offsetCaches.set(store.city.timeZone, cache);
    }
    return cache;
  });
  return {
    seed,
    countries,
    stores,
    products,
    customers,
    customersByCountry,
    customerStates: new CustomerStates(customers.length),
    fx,
    prices: new ShelfPrices(products, currencies, fx, seed),
    storeProfiles: stores.map((store) =>
      weeklyProfile(store.store.channel, store.country.sundayTrading),
    ),
    storeOffsets,
  };
}

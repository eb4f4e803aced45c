import {
  Faker,
  base,
  de,
  de_CH,
  en,
  en_AU,
  en_CA,
  en_GB,
  en_IN,
  en_US,
  es_MX,
  fr,
  ja,
  pt_BR,
  sv,
  type LocaleDefinition,
} from '@faker-js/faker';
import { LOYALTY_TIERS, type CustomerSegment, type LoyaltyTier } from '@salesflow/contract';
import { Random, WeightedTable, hash32, hashString } from '../random.js';
import { utf8, type ByteWriter } from '../bytes.js';
import { customerMember } from '../event-json.js';
import { DAY_MS } from '../time.js';
import { taxRateFor, type CityProfile, type CountryProfile } from './countries.js';

const LOCALES: Readonly<Record<string, LocaleDefinition>> = {
  de,
  de_CH,
  en_AU,
  en_CA,
  en_GB,
  en_IN,
  en_US,
  es_MX,
  fr,
  ja,
  pt_BR,
  sv,
};

const SEGMENTS: ReadonlyArray<readonly [CustomerSegment, number]> = [
  ['consumer', 74],
  ['small_business', 12],
  ['corporate', 5],
  ['student', 9],
];
/** Where the family name comes first in a full name. */
const FAMILY_NAME_FIRST: ReadonlySet<string> = new Set(['JP']);

/**
 * A customer as created; the attributes that change over time (loyalty tier, city, email) are
 * piecewise constant in time, each with its own period, so the state on any date is a pure function
 * of the date. That is what SCD2 snapshots downstream need: reproducible histories.
 */
export interface CustomerProfile {
  readonly index: number;
  readonly customerId: string;
  readonly fullName: string;
  readonly emailHandle: string;
  readonly country: CountryProfile;
  readonly segment: CustomerSegment;
  readonly tierStart: number;
  readonly tierPeriodMs: number;
  readonly tierPhaseMs: number;
  readonly cityStart: number;
  readonly cityStep: number;
  readonly cityPeriodMs: number;
  readonly cityPhaseMs: number;
  readonly emailPeriodMs: number;
  readonly emailPhaseMs: number;
}

const asciiSlug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** A list of customers read by position (all of a world's, or one country's). */
export interface CustomerPool {
  readonly length: number;
  /** The customer at `position`, 0 ≤ position < length. */
  at(position: number): CustomerProfile;
}

/**
 * A world's customers, each built the first time it is asked for. Naming 20,000 people with Faker
 * took most of a short `generate`'s time, while a run draws only the customers it sells to; so each
 * customer is a pure function of the world seed and its index — its own Faker seed and its own draws
 * — and the first ask builds it.
 */
export class Customers implements CustomerPool {
  readonly length: number;
  readonly #built: Array<CustomerProfile | undefined>;
  /** The first index of each country's customers, in `countries` order; then the total. */
  readonly #starts: number[];
  readonly #fakers = new Map<string, Faker>();
  readonly #latin = new Faker({ locale: [en, base] });
  readonly #segments = new WeightedTable(SEGMENTS);
  readonly #byCountry = new Map<string, CustomerPool>();

  constructor(
    readonly countries: readonly CountryProfile[],
    totalCustomers: number,
    readonly seed: number,
  ) {
    const totalMarket = countries.reduce((sum, country) => sum + country.marketWeight, 0);
    this.#starts = [0];
    for (const country of countries) {
      if (LOCALES[country.locale] === undefined)
        throw new Error(`no Faker locale ${country.locale}`);
      const count = Math.max(
        country.cities.length,
        Math.round((totalCustomers * country.marketWeight) / totalMarket),
      );
      this.#starts.push(this.#starts.at(-1)! + count);
    }
    this.length = this.#starts.at(-1)!;
    this.#built = new Array<CustomerProfile | undefined>(this.length);
    countries.forEach((country, position) => {
      const start = this.#starts[position]!;
      const length = this.#starts[position + 1]! - start;
      this.#byCountry.set(country.code, { length, at: (offset) => this.at(start + offset) });
    });
  }

  /** The customers of one country (ISO code), or undefined for a country without any. */
  ofCountry(code: string): CustomerPool | undefined {
    return this.#byCountry.get(code);
  }

  at(index: number): CustomerProfile {
    let customer = this.#built[index];
    if (customer === undefined) {
      if (!(index >= 0 && index < this.length)) throw new RangeError(`no customer ${index}`);
      customer = this.#build(index);
      this.#built[index] = customer;
    }
    return customer;
  }

  #build(index: number): CustomerProfile {
    let position = 0;
    while (this.#starts[position + 1]! <= index) position += 1;
    const country = this.countries[position]!;
    const faker = this.#fakerFor(country);
    faker.seed(hash32(hash32(this.seed, hashString(country.code)), index));
    const random = new Random(hash32(this.seed, 0xc057), index);
    const sex = faker.person.sexType();
    const firstName = faker.person.firstName(sex);
    const lastName = faker.person.lastName(sex);
    let first = asciiSlug(firstName);
    let last = asciiSlug(lastName);
    // Names in non-Latin scripts still get a Latin mailbox, as they do in real life.
    if (first === '' || last === '') {
      this.#latin.seed(hash32(hash32(this.seed, 1), index));
      first = asciiSlug(this.#latin.person.firstName());
      last = asciiSlug(this.#latin.person.lastName());
    }
    // Faker names the people; plain seeded draws (much cheaper) set their timelines.
    const day = (min: number, max: number): number => random.between(min, max) * DAY_MS;
    const tierPeriodMs = day(45, 180);
    const cityPeriodMs = day(120, 420);
    const emailPeriodMs = day(180, 720);
    return {
      index,
      customerId: `CUS-${String(index + 1).padStart(6, '0')}`,
      fullName: FAMILY_NAME_FIRST.has(country.code)
        ? `${lastName} ${firstName}`
        : `${firstName} ${lastName}`,
      emailHandle: `${first}.${last}`,
      country,
      segment: this.#segments.draw(random),
      tierStart: random.int(8),
      tierPeriodMs,
      tierPhaseMs: random.int(tierPeriodMs),
      cityStart: random.int(country.cities.length),
      cityStep: random.between(1, country.cities.length - 1),
      cityPeriodMs,
      cityPhaseMs: random.int(cityPeriodMs),
      emailPeriodMs,
      emailPhaseMs: random.int(emailPeriodMs),
    };
  }

  #fakerFor(country: CountryProfile): Faker {
    let faker = this.#fakers.get(country.locale);
    if (faker === undefined) {
      faker = new Faker({ locale: [LOCALES[country.locale]!, en, base] });
      this.#fakers.set(country.locale, faker);
    }
    return faker;
  }
}

const mod = (value: number, n: number): number => ((value % n) + n) % n;

/** Loyalty moves one tier at a time, up to platinum and back down (a triangle wave). */
function tierIndexAt(position: number): number {
  const phase = mod(position, 8);
  return phase <= 4 ? phase : 8 - phase;
}

/** A customer's state between two attribute changes. */
export interface CustomerState {
  readonly tier: number;
  readonly city: number;
  readonly email: number;
  readonly loyaltyTier: LoyaltyTier;
  /** Index of the tier in `LOYALTY_TIERS`. */
  readonly tierIndex: number;
  /** Index of the city in the customer's country. */
  readonly cityIndex: number;
  readonly cityName: string;
  /** Sales tax or VAT rate (per 100,000) at the customer's city, for destination-based tax. */
  readonly cityTaxRate: number;
  /** The last attribute change at or before the instant asked for (`updated_at`), epoch ms. */
  readonly updatedAt: number;
}

/** A customer's constant JSON around the parts that change, as UTF-8. */
interface CustomerFragments {
  /** `{"customer_id":"…","email":"<handle>` */
  readonly head: Buffer;
  /** `@<domain>","full_name":…,"country":"…","city":` */
  readonly middle: Buffer;
  /**
   * `"<city>","segment":"…","loyalty_tier":"<tier>` by city index × tier count + tier index, shared
   * by the customers of one country and segment.
   */
  readonly cityToTier: Array<Buffer | undefined>;
}

const JSON_UPDATED_AT = utf8(`",${customerMember('updated_at')}"`);
/** `","region":"<region>"}` per region name: the last member of the block. */
const regionTails = new Map<string, Buffer>();
function regionTail(region: string): Buffer {
  let tail = regionTails.get(region);
  if (tail === undefined) {
    tail = utf8(`",${customerMember('region')}${JSON.stringify(region)}}`);
    regionTails.set(region, tail);
  }
  return tail;
}

/**
 * Resolves a customer's `customer` block as it was at an instant. States are cached per customer and
 * written as pre-encoded fragments around the changing values, so a state change costs no string
 * building or encoding.
 */
export class CustomerStates {
  readonly #cache: Array<CustomerState | undefined>;
  readonly #fragments: Array<CustomerFragments | undefined>;
  #prepared = 0;
  /** {@link CustomerFragments.cityToTier} per country and segment. */
  readonly #cityToTier = new Map<string, Array<Buffer | undefined>>();

  constructor(customerCount: number) {
    this.#cache = new Array<CustomerState | undefined>(customerCount);
    this.#fragments = new Array<CustomerFragments | undefined>(customerCount);
  }

  /** The customer's state at `epochMs`. */
  stateAt(customer: CustomerProfile, epochMs: number): CustomerState {
    const tier = Math.floor((epochMs - customer.tierPhaseMs) / customer.tierPeriodMs);
    const city = Math.floor((epochMs - customer.cityPhaseMs) / customer.cityPeriodMs);
    const email = Math.floor((epochMs - customer.emailPhaseMs) / customer.emailPeriodMs);
    const cached = this.#cache[customer.index];
    if (
      cached !== undefined &&
      cached.tier === tier &&
      cached.city === city &&
      cached.email === email
    ) {
      return cached;
    }
    const cities = customer.country.cities;
    const tierIndex = tierIndexAt(customer.tierStart + tier);
    const cityIndex = mod(customer.cityStart + city * customer.cityStep, cities.length);
    const cityName = (cities[cityIndex] as { name: string }).name;
    const state: CustomerState = {
      tier,
      city,
      email,
      loyaltyTier: LOYALTY_TIERS[tierIndex] as LoyaltyTier,
      tierIndex,
      cityIndex,
      cityName,
      cityTaxRate: taxRateFor(customer.country, cityName),
      updatedAt: Math.max(
        customer.tierPhaseMs + tier * customer.tierPeriodMs,
        customer.cityPhaseMs + city * customer.cityPeriodMs,
        customer.emailPhaseMs + email * customer.emailPeriodMs,
      ),
    };
    this.#cache[customer.index] = state;
    return state;
  }

  /** Builds the customer's constant JSON fragments now, if they are not built yet. */
  prepare(customer: CustomerProfile): void {
    this.#fragmentsOf(customer);
  }

  /** Customers whose fragments are built. */
  get prepared(): number {
    return this.#prepared;
  }

  #fragmentsOf(customer: CustomerProfile): CustomerFragments {
    let fragments = this.#fragments[customer.index];
    if (fragments !== undefined) return fragments;
    this.#prepared += 1;
    fragments = {
      head: utf8(
        `{${customerMember('customer_id')}"${customer.customerId}",${customerMember('email')}"${customer.emailHandle}`,
      ),
      middle: utf8(
        `@${customer.country.emailDomain}",${customerMember('full_name')}${JSON.stringify(customer.fullName)}` +
          `,${customerMember('country')}"${customer.country.code}",${customerMember('city')}`,
      ),
      cityToTier: this.#cityToTierOf(customer),
    };
    this.#fragments[customer.index] = fragments;
    return fragments;
  }

  /** Writes the `customer` block of `state` as JSON, members in contract order. */
  write(writer: ByteWriter, customer: CustomerProfile, state: CustomerState): void {
    const fragments = this.#fragmentsOf(customer);
    const slot = state.cityIndex * LOYALTY_TIERS.length + state.tierIndex;
    let cityToTier = fragments.cityToTier[slot];
    if (cityToTier === undefined) {
      cityToTier = utf8(
        `${JSON.stringify(state.cityName)},${customerMember('segment')}"${customer.segment}",${customerMember('loyalty_tier')}"${state.loyaltyTier}`,
      );
      fragments.cityToTier[slot] = cityToTier;
    }
    writer.bytes(fragments.head);
    writer.uint(mod(state.email, 90) + 10);
    writer.bytes(fragments.middle);
    writer.bytes(cityToTier);
    writer.bytes(JSON_UPDATED_AT);
    writer.timestamp(state.updatedAt, 0, true);
    writer.bytes(regionTail((customer.country.cities[state.cityIndex] as CityProfile).region));
  }

  #cityToTierOf(customer: CustomerProfile): Array<Buffer | undefined> {
    const key = `${customer.country.code}|${customer.segment}`;
    let table = this.#cityToTier.get(key);
    if (table === undefined) {
      table = new Array<Buffer | undefined>(customer.country.cities.length * LOYALTY_TIERS.length);
      this.#cityToTier.set(key, table);
    }
    return table;
  }
}

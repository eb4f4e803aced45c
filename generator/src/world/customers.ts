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
import {
  LOYALTY_TIERS,
  type Customer,
  type CustomerSegment,
  type LoyaltyTier,
} from '@salesflow/contract';
import { Random, WeightedTable, hash32, hashString } from '../random.js';
import { DAY_MS, formatUtc } from '../time.js';
import type { CountryProfile } from './countries.js';

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

/** Builds `perCountry` customers for each country with locale-appropriate names. */
export function buildCustomers(
  countries: readonly CountryProfile[],
  totalCustomers: number,
  seed: number,
): CustomerProfile[] {
  const customers: CustomerProfile[] = [];
  const totalMarket = countries.reduce((sum, country) => sum + country.marketWeight, 0);
  const latin = new Faker({ locale: [en, base] });
  latin.seed(hash32(seed, 1));
  const random = new Random(seed, 0xc057);
  const segments = new WeightedTable(SEGMENTS);
  for (const country of countries) {
    const locale = LOCALES[country.locale];
    if (locale === undefined) throw new Error(`no Faker locale ${country.locale}`);
    const faker = new Faker({ locale: [locale, en, base] });
    faker.seed(hash32(seed, hashString(country.code)));
    const count = Math.max(
      country.cities.length,
      Math.round((totalCustomers * country.marketWeight) / totalMarket),
    );
    for (let i = 0; i < count; i += 1) {
      const index = customers.length;
      const sex = faker.person.sexType();
      const firstName = faker.person.firstName(sex);
      const lastName = faker.person.lastName(sex);
      let first = asciiSlug(firstName);
      let last = asciiSlug(lastName);
      // Names in non-Latin scripts still get a Latin mailbox, as they do in real life.
      if (first === '' || last === '') {
        first = asciiSlug(latin.person.firstName());
        last = asciiSlug(latin.person.lastName());
      }
      // Faker names the people; plain seeded draws (much cheaper) set their timelines.
      const day = (min: number, max: number): number => random.between(min, max) * DAY_MS;
      const tierPeriodMs = day(45, 180);
      const cityPeriodMs = day(120, 420);
      const emailPeriodMs = day(180, 720);
      customers.push({
        index,
        customerId: `CUS-${String(index + 1).padStart(6, '0')}`,
        fullName: FAMILY_NAME_FIRST.has(country.code)
          ? `${lastName} ${firstName}`
          : `${firstName} ${lastName}`,
        emailHandle: `${first}.${last}`,
        country,
        segment: segments.draw(random),
        tierStart: random.int(8),
        tierPeriodMs,
        tierPhaseMs: random.int(tierPeriodMs),
        cityStart: random.int(country.cities.length),
        cityStep: random.between(1, country.cities.length - 1),
        cityPeriodMs,
        cityPhaseMs: random.int(cityPeriodMs),
        emailPeriodMs,
        emailPhaseMs: random.int(emailPeriodMs),
      });
    }
  }
  return customers;
}

const mod = (value: number, n: number): number => ((value % n) + n) % n;

/** Loyalty moves one tier at a time, up to platinum and back down (a triangle wave). */
function tierAt(position: number): LoyaltyTier {
  const phase = mod(position, 8);
  return LOYALTY_TIERS[phase <= 4 ? phase : 8 - phase] as LoyaltyTier;
}

/** A customer's state between two attribute changes. */
export interface CustomerState {
  readonly tier: number;
  readonly city: number;
  readonly email: number;
  readonly loyaltyTier: LoyaltyTier;
  readonly cityName: string;
  /** The `customer` block as UTF-8 JSON, in contract member order. */
  readonly json: Buffer;
}

/** Resolves a customer's `customer` block as it was at an instant, cached per customer. */
export class CustomerStates {
  readonly #cache: Array<CustomerState | undefined>;
  /** Per customer: the JSON text around the changing email, before and after it up to the city. */
  readonly #fixed: Array<{ head: string; middle: string } | undefined>;

  constructor(readonly customers: readonly CustomerProfile[]) {
    this.#cache = new Array<CustomerState | undefined>(customers.length);
    this.#fixed = new Array<{ head: string; middle: string } | undefined>(customers.length);
  }

  /** The customer block at `epochMs`; `updated_at` is the last attribute change at or before it. */
  at(customer: CustomerProfile, epochMs: number): Customer {
    return JSON.parse(this.stateAt(customer, epochMs).json.toString('utf8')) as Customer;
  }

  /** The customer's state at `epochMs`, with its JSON. */
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
    const updatedAt = Math.max(
      customer.tierPhaseMs + tier * customer.tierPeriodMs,
      customer.cityPhaseMs + city * customer.cityPeriodMs,
      customer.emailPhaseMs + email * customer.emailPeriodMs,
    );
    const loyaltyTier = tierAt(customer.tierStart + tier);
    const cityName = (
      cities[mod(customer.cityStart + city * customer.cityStep, cities.length)] as { name: string }
    ).name;
    let fixed = this.#fixed[customer.index];
    if (fixed === undefined) {
      fixed = {
        head: `{"customer_id":"${customer.customerId}","email":"`,
        middle: `","full_name":${JSON.stringify(customer.fullName)},"country":"${customer.country.code}","city":`,
      };
      this.#fixed[customer.index] = fixed;
    }
    const json =
      `${fixed.head}${customer.emailHandle}${mod(email, 90) + 10}@${customer.country.emailDomain}${fixed.middle}` +
      `${JSON.stringify(cityName)},"segment":"${customer.segment}","loyalty_tier":"${loyaltyTier}","updated_at":"${formatUtc(updatedAt)}"}`;
    const state: CustomerState = {
      tier,
      city,
      email,
      loyaltyTier,
      cityName,
      json: Buffer.from(json),
    };
    this.#cache[customer.index] = state;
    return state;
  }
}

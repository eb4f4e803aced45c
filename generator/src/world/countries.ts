import type { CardBrand, PaymentMethod } from '@salesflow/contract';

/** A city the company sells in, with its IANA timezone and, where tax is local, its rate. */
export interface CityProfile {
  readonly name: string;
  /** First-level subdivision (state, Land, prefecture, province, region, county). */
  readonly region: string;
  readonly code: string;
  readonly timeZone: string;
  /** Sales tax in parts per 100 000 (e.g. 8 875 = 8.875 %) when it differs from the country rate. */
  readonly taxRate?: number;
}

/** Everything country-specific the order model needs. */
export interface CountryProfile {
  readonly code: string;
  readonly currency: string;
  /** Faker locale key for names. */
  readonly locale: string;
  readonly emailDomain: string;
  readonly onlineDomain: string;
  /** Relative market size: share of all orders. */
  readonly marketWeight: number;
  /** VAT / GST / default sales tax, parts per 100 000. */
  readonly taxRate: number;
  readonly cities: readonly CityProfile[];
  /** Relative weight of each payment method; filtered per channel (cash only in store). */
  readonly payments: Readonly<Partial<Record<PaymentMethod, number>>>;
  readonly cardBrands: Readonly<Partial<Record<CardBrand, number>>>;
  /** Flat shipping fee and free-shipping threshold, in minor units of the local currency. */
  readonly shippingFee: number;
  readonly freeShippingFrom: number;
  /** In-store sales on Sunday (closed in some countries). */
  readonly sundayTrading: boolean;
}

const DEFAULT_CARDS = { visa: 55, mastercard: 38, amex: 7 } as const;

/** The twelve markets salesflow sells in. */
export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'US',
    currency: 'USD',
    locale: 'en_US',
    emailDomain: 'example.com',
    onlineDomain: 'salesflow.com',
    marketWeight: 28,
    taxRate: 7000,
    cities: [
      {
        name: 'New York',
        region: 'New York',
        code: 'NYC',
        timeZone: 'America/New_York',
        taxRate: 8875,
      },
      {
        name: 'Los Angeles',
        region: 'California',
        code: 'LAX',
        timeZone: 'America/Los_Angeles',
        taxRate: 9500,
      },
      {
        name: 'Chicago',
        region: 'Illinois',
        code: 'CHI',
        timeZone: 'America/Chicago',
        taxRate: 10250,
      },
      { name: 'Houston', region: 'Texas', code: 'HOU', timeZone: 'America/Chicago', taxRate: 8250 },
      {
        name: 'Seattle',
        region: 'Washington',
        code: 'SEA',
        timeZone: 'America/Los_Angeles',
        taxRate: 10350,
      },
      {
        name: 'Miami',
        region: 'Florida',
        code: 'MIA',
        timeZone: 'America/New_York',
        taxRate: 7000,
      },
    ],
    payments: { card: 60, paypal: 14, apple_pay: 12, google_pay: 6, cash: 8 },
    cardBrands: { visa: 50, mastercard: 28, amex: 15, discover: 7 },
    shippingFee: 599,
    freeShippingFrom: 5000,
    sundayTrading: true,
  },
  {
    code: 'GB',
    currency: 'GBP',
    locale: 'en_GB',
    emailDomain: 'example.co.uk',
    onlineDomain: 'salesflow.co.uk',
    marketWeight: 9,
    taxRate: 20000,
    cities: [
      { name: 'London', region: 'England', code: 'LON', timeZone: 'Europe/London' },
      { name: 'Manchester', region: 'England', code: 'MAN', timeZone: 'Europe/London' },
      { name: 'Birmingham', region: 'England', code: 'BHM', timeZone: 'Europe/London' },
      { name: 'Edinburgh', region: 'Scotland', code: 'EDI', timeZone: 'Europe/London' },
      { name: 'Bristol', region: 'England', code: 'BRS', timeZone: 'Europe/London' },
    ],
    payments: { card: 55, paypal: 15, apple_pay: 14, google_pay: 6, cash: 6, klarna: 4 },
    cardBrands: { visa: 60, mastercard: 33, amex: 7 },
    shippingFee: 399,
    freeShippingFrom: 4000,
    sundayTrading: true,
  },
  {
    code: 'DE',
    currency: 'EUR',
    locale: 'de',
    emailDomain: 'example.de',
    onlineDomain: 'salesflow.de',
    marketWeight: 10,
    taxRate: 19000,
    cities: [
      { name: 'Berlin', region: 'Berlin', code: 'BER', timeZone: 'Europe/Berlin' },
      { name: 'Hamburg', region: 'Hamburg', code: 'HAM', timeZone: 'Europe/Berlin' },
      { name: 'München', region: 'Bayern', code: 'MUC', timeZone: 'Europe/Berlin' },
      { name: 'Köln', region: 'Nordrhein-Westfalen', code: 'CGN', timeZone: 'Europe/Berlin' },
      { name: 'Frankfurt am Main', region: 'Hessen', code: 'FRA', timeZone: 'Europe/Berlin' },
    ],
    payments: {
      card: 30,
      paypal: 26,
      klarna: 16,
      bank_transfer: 10,
      cash: 12,
      apple_pay: 4,
      google_pay: 2,
    },
    cardBrands: DEFAULT_CARDS,
    shippingFee: 499,
    freeShippingFrom: 5000,
    sundayTrading: false,
  },
  {
    code: 'FR',
    currency: 'EUR',
    locale: 'fr',
    emailDomain: 'example.fr',
    onlineDomain: 'salesflow.fr',
    marketWeight: 7,
    taxRate: 20000,
    cities: [
      { name: 'Paris', region: 'Île-de-France', code: 'PAR', timeZone: 'Europe/Paris' },
      { name: 'Lyon', region: 'Auvergne-Rhône-Alpes', code: 'LYS', timeZone: 'Europe/Paris' },
      {
        name: 'Marseille',
        region: "Provence-Alpes-Côte d'Azur",
        code: 'MRS',
        timeZone: 'Europe/Paris',
      },
      { name: 'Toulouse', region: 'Occitanie', code: 'TLS', timeZone: 'Europe/Paris' },
      { name: 'Lille', region: 'Hauts-de-France', code: 'LIL', timeZone: 'Europe/Paris' },
    ],
    payments: { card: 64, paypal: 12, apple_pay: 10, google_pay: 5, cash: 6, bank_transfer: 3 },
    cardBrands: { visa: 58, mastercard: 38, amex: 4 },
    shippingFee: 499,
    freeShippingFrom: 5000,
    sundayTrading: false,
  },
  {
    code: 'JP',
    currency: 'JPY',
    locale: 'ja',
    emailDomain: 'example.jp',
    onlineDomain: 'salesflow.jp',
    marketWeight: 10,
    taxRate: 10000,
    cities: [
      { name: 'Tokyo', region: 'Tōkyō', code: 'TYO', timeZone: 'Asia/Tokyo' },
      { name: 'Osaka', region: 'Ōsaka', code: 'OSA', timeZone: 'Asia/Tokyo' },
      { name: 'Yokohama', region: 'Kanagawa', code: 'YOK', timeZone: 'Asia/Tokyo' },
      { name: 'Nagoya', region: 'Aichi', code: 'NGO', timeZone: 'Asia/Tokyo' },
      { name: 'Sapporo', region: 'Hokkaidō', code: 'SPK', timeZone: 'Asia/Tokyo' },
    ],
    payments: { card: 52, cash: 25, apple_pay: 8, google_pay: 4, paypal: 4, bank_transfer: 7 },
    cardBrands: { jcb: 35, visa: 38, mastercard: 20, amex: 7 },
    shippingFee: 550,
    freeShippingFrom: 5000,
    sundayTrading: true,
  },
  {
    code: 'BR',
    currency: 'BRL',
    locale: 'pt_BR',
    emailDomain: 'example.com.br',
    onlineDomain: 'salesflow.com.br',
    marketWeight: 7,
    taxRate: 18000,
    cities: [
      { name: 'São Paulo', region: 'São Paulo', code: 'SAO', timeZone: 'America/Sao_Paulo' },
      {
        name: 'Rio de Janeiro',
        region: 'Rio de Janeiro',
        code: 'RIO',
        timeZone: 'America/Sao_Paulo',
        taxRate: 20000,
      },
      {
        name: 'Belo Horizonte',
        region: 'Minas Gerais',
        code: 'BHZ',
        timeZone: 'America/Sao_Paulo',
      },
      {
        name: 'Curitiba',
        region: 'Paraná',
        code: 'CWB',
        timeZone: 'America/Sao_Paulo',
        taxRate: 19500,
      },
      {
        name: 'Porto Alegre',
        region: 'Rio Grande do Sul',
        code: 'POA',
        timeZone: 'America/Sao_Paulo',
        taxRate: 17000,
      },
    ],
    payments: {
      pix: 36,
      card: 44,
      cash: 6,
      paypal: 5,
      google_pay: 4,
      apple_pay: 3,
      bank_transfer: 2,
    },
    cardBrands: { visa: 40, mastercard: 35, elo: 25 },
    shippingFee: 1990,
    freeShippingFrom: 25000,
    sundayTrading: true,
  },
  {
    code: 'IN',
    currency: 'INR',
    locale: 'en_IN',
    emailDomain: 'example.in',
    onlineDomain: 'salesflow.in',
    marketWeight: 6,
    taxRate: 18000,
    cities: [
      { name: 'Mumbai', region: 'Maharashtra', code: 'BOM', timeZone: 'Asia/Kolkata' },
      { name: 'Delhi', region: 'Delhi', code: 'DEL', timeZone: 'Asia/Kolkata' },
      { name: 'Bengaluru', region: 'Karnataka', code: 'BLR', timeZone: 'Asia/Kolkata' },
      { name: 'Chennai', region: 'Tamil Nadu', code: 'MAA', timeZone: 'Asia/Kolkata' },
      { name: 'Hyderabad', region: 'Telangana', code: 'HYD', timeZone: 'Asia/Kolkata' },
    ],
    payments: { card: 38, google_pay: 30, cash: 14, paypal: 3, bank_transfer: 15 },
    cardBrands: { visa: 45, mastercard: 35, other: 20 },
    shippingFee: 9900,
    freeShippingFrom: 99900,
    sundayTrading: true,
  },
  {
    code: 'AU',
    currency: 'AUD',
    locale: 'en_AU',
    emailDomain: 'example.com.au',
    onlineDomain: 'salesflow.com.au',
    marketWeight: 4,
    taxRate: 10000,
    cities: [
      { name: 'Sydney', region: 'New South Wales', code: 'SYD', timeZone: 'Australia/Sydney' },
      { name: 'Melbourne', region: 'Victoria', code: 'MEL', timeZone: 'Australia/Melbourne' },
      { name: 'Brisbane', region: 'Queensland', code: 'BNE', timeZone: 'Australia/Brisbane' },
      { name: 'Perth', region: 'Western Australia', code: 'PER', timeZone: 'Australia/Perth' },
    ],
    payments: { card: 58, apple_pay: 15, google_pay: 8, paypal: 13, cash: 6 },
    cardBrands: { visa: 55, mastercard: 37, amex: 8 },
    shippingFee: 995,
    freeShippingFrom: 9900,
    sundayTrading: true,
  },
  {
    code: 'CA',
    currency: 'CAD',
    locale: 'en_CA',
    emailDomain: 'example.ca',
    onlineDomain: 'salesflow.ca',
    marketWeight: 5,
    taxRate: 5000,
    cities: [
      {
        name: 'Toronto',
        region: 'Ontario',
        code: 'YTO',
        timeZone: 'America/Toronto',
        taxRate: 13000,
      },
      {
        name: 'Vancouver',
        region: 'British Columbia',
        code: 'YVR',
        timeZone: 'America/Vancouver',
        taxRate: 12000,
      },
      {
        name: 'Montréal',
        region: 'Québec',
        code: 'YMQ',
        timeZone: 'America/Toronto',
        taxRate: 14975,
      },
      {
        name: 'Calgary',
        region: 'Alberta',
        code: 'YYC',
        timeZone: 'America/Edmonton',
        taxRate: 5000,
      },
    ],
    payments: { card: 64, paypal: 12, apple_pay: 10, google_pay: 5, cash: 7, bank_transfer: 2 },
    cardBrands: { visa: 52, mastercard: 38, amex: 10 },
    shippingFee: 999,
    freeShippingFrom: 7500,
    sundayTrading: true,
  },
  {
    code: 'MX',
    currency: 'MXN',
    locale: 'es_MX',
    emailDomain: 'example.com.mx',
    onlineDomain: 'salesflow.com.mx',
    marketWeight: 4,
    taxRate: 16000,
    cities: [
      {
        name: 'Ciudad de México',
        region: 'Ciudad de México',
        code: 'MEX',
        timeZone: 'America/Mexico_City',
      },
      { name: 'Guadalajara', region: 'Jalisco', code: 'GDL', timeZone: 'America/Mexico_City' },
      { name: 'Monterrey', region: 'Nuevo León', code: 'MTY', timeZone: 'America/Monterrey' },
      { name: 'Puebla', region: 'Puebla', code: 'PBC', timeZone: 'America/Mexico_City' },
    ],
    payments: { card: 48, cash: 24, paypal: 12, bank_transfer: 10, google_pay: 6 },
    cardBrands: { visa: 55, mastercard: 38, amex: 7 },
    shippingFee: 9900,
    freeShippingFrom: 99900,
    sundayTrading: true,
  },
  {
    code: 'SE',
    currency: 'SEK',
    locale: 'sv',
    emailDomain: 'example.se',
    onlineDomain: 'salesflow.se',
    marketWeight: 3,
    taxRate: 25000,
    cities: [
      { name: 'Stockholm', region: 'Stockholms län', code: 'STO', timeZone: 'Europe/Stockholm' },
      {
        name: 'Göteborg',
        region: 'Västra Götalands län',
        code: 'GOT',
        timeZone: 'Europe/Stockholm',
      },
      { name: 'Malmö', region: 'Skåne län', code: 'MMX', timeZone: 'Europe/Stockholm' },
      { name: 'Uppsala', region: 'Uppsala län', code: 'UPP', timeZone: 'Europe/Stockholm' },
    ],
    payments: {
      card: 44,
      klarna: 30,
      apple_pay: 8,
      google_pay: 4,
      paypal: 5,
      bank_transfer: 6,
      cash: 3,
    },
    cardBrands: { visa: 58, mastercard: 40, amex: 2 },
    shippingFee: 4900,
    freeShippingFrom: 49900,
    sundayTrading: true,
  },
  {
    code: 'CH',
    currency: 'CHF',
    locale: 'de_CH',
    emailDomain: 'example.ch',
    onlineDomain: 'salesflow.ch',
    marketWeight: 3,
    taxRate: 8100,
    cities: [
      { name: 'Zürich', region: 'Zürich', code: 'ZRH', timeZone: 'Europe/Zurich' },
      { name: 'Genève', region: 'Genève', code: 'GVA', timeZone: 'Europe/Zurich' },
      { name: 'Basel', region: 'Basel-Stadt', code: 'BSL', timeZone: 'Europe/Zurich' },
      { name: 'Bern', region: 'Bern', code: 'BRN', timeZone: 'Europe/Zurich' },
    ],
    payments: { card: 58, paypal: 10, apple_pay: 12, google_pay: 5, bank_transfer: 6, cash: 9 },
    cardBrands: { visa: 50, mastercard: 45, amex: 5 },
    shippingFee: 790,
    freeShippingFrom: 7000,
    sundayTrading: false,
  },
];

/** Sales tax for a sale in a city, parts per 100 000. */
export function taxRateFor(country: CountryProfile, cityName: string): number {
  return country.cities.find((city) => city.name === cityName)?.taxRate ?? country.taxRate;
}

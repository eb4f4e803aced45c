import type { Channel, Store } from '@salesflow/contract';
import { COUNTRIES, type CityProfile, type CountryProfile } from './countries.js';

/** A store (physical or digital) with what the order model needs beyond the event's `store` block. */
export interface StoreProfile {
  readonly store: Readonly<Store>;
  readonly country: CountryProfile;
  /** Where the store's clock runs: the shop's city, or the country's main city for digital stores. */
  readonly city: CityProfile;
  readonly currency: string;
  /** Share of all orders this store takes. */
  readonly weight: number;
}

/** How a country's orders split over channels; in-store is further split over its shops. */
export const CHANNEL_SHARES: Readonly<Record<Channel, number>> = Object.freeze({
  online: 0.4,
  in_store: 0.27,
  mobile_app: 0.23,
  marketplace: 0.1,
});

const SHOPS_PER_COUNTRY = 2;

/** Every store in every country: shops in the two largest cities, web shop, app and marketplace. */
export function buildStores(countries: readonly CountryProfile[] = COUNTRIES): StoreProfile[] {
  const stores: StoreProfile[] = [];
  const totalMarket = countries.reduce((sum, country) => sum + country.marketWeight, 0);
  for (const country of countries) {
    const market = country.marketWeight / totalMarket;
    const capital = country.cities[0];
    if (capital === undefined) throw new Error(`country ${country.code} has no cities`);
    const add = (
      storeId: string,
      name: string,
      channel: Channel,
      city: CityProfile,
      weight: number,
    ): void => {
      stores.push({
        store: Object.freeze({
          store_id: storeId,
          name,
          channel,
          country: country.code,
          city: city.name,
        }),
        country,
        city,
        currency: country.currency,
        weight,
      });
    };
    country.cities.slice(0, SHOPS_PER_COUNTRY).forEach((city, index) => {
      // The flagship shop sells more than the second one.
      const share = index === 0 ? 0.6 : 0.4;
      add(
        `ST-${country.code}-${city.code}-01`,
        `salesflow ${city.name}`,
        'in_store',
        city,
        market * CHANNEL_SHARES.in_store * share,
      );
    });
    add(
      `ST-${country.code}-WEB`,
      country.onlineDomain,
      'online',
      capital,
      market * CHANNEL_SHARES.online,
    );
    add(
      `ST-${country.code}-APP`,
      `salesflow App ${country.code}`,
      'mobile_app',
      capital,
      market * CHANNEL_SHARES.mobile_app,
    );
    add(
      `ST-${country.code}-MKT`,
      `salesflow Marketplace ${country.code}`,
      'marketplace',
      capital,
      market * CHANNEL_SHARES.marketplace,
    );
  }
  return stores;
}

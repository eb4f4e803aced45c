/**
 * What happens to an order of a remote channel after checkout: the delivery date promised at
 * checkout, whether it is cancelled before it ships, and otherwise when it ships, from where, with
 * which carrier and when it arrives. Lead times count business days in the store's local calendar:
 * handling by channel (marketplace sellers are slower) after the warehouse's cut-off, transit by
 * carrier and country with a long tail of delays; parcels move on weekdays, and on Saturdays with
 * the carriers that deliver then.
 */
import type { Carrier, OriginType } from '@salesflow/contract';
import type { Random } from './random.js';
import { WeightedTable } from './random.js';
import { DAY_MS, HOUR_MS } from './time.js';
import type { StoreProfile } from './world/stores.js';

/** A carrier's parcel service in one country. */
interface CarrierService {
  readonly carrier: Carrier;
  /** Share of the country's parcels. */
  readonly weight: number;
  /** Typical transit, in delivery days: what the promise at checkout counts on. */
  readonly transitDays: number;
  /** Delivers on Saturdays. */
  readonly saturday: boolean;
}

const service = (
  carrier: Carrier,
  weight: number,
  transitDays: number,
  saturday = false,
): CarrierService => ({ carrier, weight, transitDays, saturday });

/** The carriers of each market, with their typical domestic transit. */
const SERVICES: Readonly<Record<string, readonly CarrierService[]>> = {
  US: [service('usps', 40, 3, true), service('ups', 35, 2), service('fedex', 25, 2)],
  GB: [service('royal_mail', 45, 2, true), service('evri', 30, 3), service('dpd', 25, 1)],
  DE: [service('dhl', 55, 1, true), service('dpd', 25, 1), service('hermes', 20, 2)],
  FR: [service('la_poste', 50, 2, true), service('chronopost', 25, 1), service('dpd', 25, 2)],
  JP: [
    service('yamato', 50, 1, true),
    service('sagawa', 30, 1),
    service('japan_post', 20, 2, true),
  ],
  BR: [service('correios', 60, 6), service('jadlog', 40, 5)],
  IN: [service('delhivery', 45, 4), service('blue_dart', 30, 3), service('india_post', 25, 6)],
  AU: [service('australia_post', 65, 4), service('startrack', 35, 3)],
  CA: [service('canada_post', 60, 4), service('purolator', 40, 3)],
  MX: [service('estafeta', 60, 4), service('dhl', 40, 3)],
  SE: [service('postnord', 70, 2), service('dhl', 30, 2)],
  CH: [service('swiss_post', 80, 1, true), service('dhl', 20, 2)],
};
const FALLBACK_SERVICES = [service('other', 1, 4)];

/** Business days from the start of handling to the day the parcel leaves. */
const HANDLING_DAYS = new WeightedTable<number>([
  [0, 35],
  [1, 45],
  [2, 14],
  [3, 6],
]);
/** Marketplace sellers ship from their own stock, later. */
const MARKETPLACE_HANDLING_DAYS = new WeightedTable<number>([
  [1, 35],
  [2, 38],
  [3, 18],
  [4, 9],
]);
/** Handling days the promise at checkout counts on, by the same split. */
const PROMISED_HANDLING_DAYS = 1;
const PROMISED_MARKETPLACE_HANDLING_DAYS = 2;
/** Slack the promise adds on top of the typical lead time, in business days. */
const PROMISE_BUFFER_DAYS = 1;
/** Delay on top of the typical transit: mostly none, sometimes a day or two, now and then a week. */
const TRANSIT_DELAY_DAYS = new WeightedTable<number>([
  [-1, 10],
  [0, 62],
  [1, 16],
  [2, 7],
]);
/** Share of parcels caught in a long delay (lost in a hub, customs, a strike). */
const LONG_DELAY_SHARE = 0.04;
/** Mean of the long delay's exponential tail, in days, after its first three. */
const LONG_DELAY_MEAN_DAYS = 3;
const MAX_LONG_DELAY_DAYS = 20;

/** Share of remote orders cancelled before they ship: they never ship, and emit nothing more. */
export const CANCELLED_SHARE = 0.03;
/** Share of parcels sent from a store of the country rather than a warehouse. */
const SHIP_FROM_STORE_SHARE = 0.15;
/** Orders placed before this local hour on a business day can leave the same day. */
const CUT_OFF_HOUR = 14;
/** Parcels are picked up between these local hours. */
const PICK_UP_FROM_HOUR = 15;
const PICK_UP_HOURS = 5;
/** Parcels are delivered between these local hours. */
const DELIVERY_FROM_HOUR = 9;
const DELIVERY_HOURS = 11;

/** What happens to one order after checkout. */
export interface FulfilmentPlan {
  /** The promised delivery date as a local day number (days since 1970-01-01). */
  readonly promisedDay: number;
  /** Cancelled before shipping: no shipment, no delivery. */
  readonly cancelled: boolean;
  readonly carrier: Carrier;
  readonly originType: OriginType;
  readonly originId: string;
  /** Epoch ms. */
  readonly shippedAt: number;
  readonly deliveredAt: number;
}

/** The fulfilment of one store's remote orders. */
interface StoreFulfilment {
  readonly services: WeightedTable<CarrierService>;
  readonly handling: WeightedTable<number>;
  readonly promisedHandling: number;
  readonly warehouses: readonly string[];
  /** Stores of the country that ship online orders from their shelves. */
  readonly shipFromStores: readonly string[];
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
const isBusinessDay = (day: number): boolean => {
  const dow = weekday(day);
  return dow !== 0 && dow !== 6;
};

/** The `count`-th business day after `day` (`day` itself for 0). */
function addBusinessDays(day: number, count: number): number {
  let at = day;
  for (let left = count; left > 0;) {
    at += 1;
    if (isBusinessDay(at)) left -= 1;
  }
  return at;
}

/** The `count`-th day after `day` on which `service` delivers. */
function addDeliveryDays(day: number, count: number, saturday: boolean): number {
  let at = day;
  for (let left = count; left > 0;) {
    at += 1;
    if (isBusinessDay(at) || (saturday && weekday(at) === 6)) left -= 1;
  }
  return at;
}

/** Plans the fulfilment of remote orders, per store. */
export class FulfilmentPlanner {
  readonly #stores: Array<StoreFulfilment | undefined>;

  constructor(stores: readonly StoreProfile[]) {
    this.#stores = stores.map((profile) => {
      const channel = profile.store.channel;
      if (channel === 'in_store') return undefined;
      const country = profile.country.code;
      const services = SERVICES[country] ?? FALLBACK_SERVICES;
      return {
        services: new WeightedTable(services.map((entry) => [entry, entry.weight] as const)),
        handling: channel === 'marketplace' ? MARKETPLACE_HANDLING_DAYS : HANDLING_DAYS,
        promisedHandling:
          channel === 'marketplace' ? PROMISED_MARKETPLACE_HANDLING_DAYS : PROMISED_HANDLING_DAYS,
        warehouses: [`WH-${country}-1`, `WH-${country}-2`],
        shipFromStores: stores
          .filter(
            (other) => other.country === profile.country && other.store.channel === 'in_store',
          )
          .map((other) => other.store.store_id),
      };
    });
  }

  /**
   * The plan of an order placed at `storeIndex` at `placedAt` (epoch ms), in the store's local time
   * (`offsetAt` gives its UTC offset in minutes); undefined for in-store sales.
   */
  plan(
    storeIndex: number,
    placedAt: number,
    offsetAt: (epochMs: number) => number,
    random: Random,
  ): FulfilmentPlan | undefined {
    const store = this.#stores[storeIndex];
    if (store === undefined) return undefined;
    const offsetMs = offsetAt(placedAt) * 60_000;
    const local = placedAt + offsetMs;
    const placedDay = Math.floor(local / DAY_MS);
    const beforeCutOff = local - placedDay * DAY_MS < CUT_OFF_HOUR * HOUR_MS;
    // Handling starts the day of the order when it comes in before the cut-off on a business day.
    const start =
      beforeCutOff && isBusinessDay(placedDay) ? placedDay : addBusinessDays(placedDay, 1);
    const carrier = store.services.draw(random);
    const promisedDay = addDeliveryDays(
      addBusinessDays(start, store.promisedHandling),
      carrier.transitDays + PROMISE_BUFFER_DAYS,
      false,
    );
    const cancelled = random.chance(CANCELLED_SHARE);
    const shipDay = addBusinessDays(start, store.handling.draw(random));
    let transit = carrier.transitDays + TRANSIT_DELAY_DAYS.draw(random);
    if (random.chance(LONG_DELAY_SHARE)) {
      transit +=
        3 +
        Math.min(
          MAX_LONG_DELAY_DAYS,
          Math.floor(-Math.log(1 - random.next()) * LONG_DELAY_MEAN_DAYS),
        );
    }
    const deliveryDay = addDeliveryDays(shipDay, Math.max(1, transit), carrier.saturday);
    const shippedAt = atLocalTime(shipDay, PICK_UP_FROM_HOUR, PICK_UP_HOURS, offsetMs, random);
    const deliveredAt = atLocalTime(
      deliveryDay,
      DELIVERY_FROM_HOUR,
      DELIVERY_HOURS,
      offsetMs,
      random,
    );
    const fromStore = store.shipFromStores.length > 0 && random.chance(SHIP_FROM_STORE_SHARE);
    return {
      promisedDay,
      cancelled,
      carrier: carrier.carrier,
      originType: fromStore ? 'store' : 'warehouse',
      originId: fromStore
        ? (store.shipFromStores[random.int(store.shipFromStores.length)] as string)
        : (store.warehouses[random.int(store.warehouses.length)] as string),
      shippedAt,
      deliveredAt,
    };
  }
}

/** A whole second within `hours` hours from `fromHour` of a local day, as epoch ms. */
function atLocalTime(
  day: number,
  fromHour: number,
  hours: number,
  offsetMs: number,
  random: Random,
): number {
  const seconds = Math.floor(random.next() * hours * 3600);
  return day * DAY_MS + fromHour * HOUR_MS + seconds * 1000 - offsetMs;
}

import type { Random } from './random.js';
import { drawCumulative } from './random.js';
import { HOUR_MS } from './time.js';
import { weekHourIndex } from './world/seasonality.js';
import type { World } from './world/index.js';

/**
 * A source of order slots — when and where the next order happens — spread over a past range
 * (backfill) or at the clock (live). A cursor rather than an object per slot: one fewer allocation
 * per event.
 */
export interface SlotSource {
  /** Moves to the next slot. */
  advance(): void;
  /** The current slot's instant, epoch ms. */
  readonly epochMs: number;
  /** The current slot's store. */
  readonly storeIndex: number;
}

/** A store's local-time seasonality at an instant. */
function seasonality(world: World, storeIndex: number, epochMs: number): number {
  const offset = world.storeOffsets[storeIndex]!.at(epochMs);
  return world.storeProfiles[storeIndex]![weekHourIndex(epochMs + offset * 60_000)] as number;
}

/**
 * The cumulative weight of the stores in one UTC hour, in `out`: store share × its local-time
 * seasonality at mid-hour (for timezones with half-hour offsets that is the average of the two local
 * hours it spans). Returns the total.
 */
function hourWeights(world: World, hourStartMs: number, out: Float64Array): number {
  let sum = 0;
  world.stores.forEach((store, index) => {
    const start = seasonality(world, index, hourStartMs);
    const end = seasonality(world, index, hourStartMs + HOUR_MS - 1);
    sum += (store.weight * (start + end)) / 2;
    out[index] = sum;
  });
  return sum;
}

/** Attempts to find a time when a store is open before giving up on it for this slot. */
const MAX_TIME_DRAWS = 16;
/** Packs a slot's draw number under its second within the hour; far above any hour's count. */
const DRAW_SPAN = 2 ** 24;

/**
 * Spreads `count` slots over [from, to) in time order, following each store's weekly profile in its
 * own local time. Counts per hour are allocated by cumulative rounding (no sampling noise at that
 * level); times within an hour and the store are drawn at random.
 */
export class BackfillSchedule implements SlotSource {
  readonly #hourCounts: Int32Array;
  /** Per hour: the weight of that hour and every later one. */
  readonly #weightFrom: Float64Array;
  readonly #firstHour: number;
  readonly #weights: Float64Array;
  #hour = 0;
  /** The current hour's slots in time order: (second within the hour × 2^24 + draw number). */
  #keys = new Float64Array(0);
  /** The current hour's stores, by draw number. */
  #stores = new Int32Array(0);
  #count = 0;
  /** What rounding the wanted slots to whole hours left over, carried into the next hour. */
  #carry = 0;
  /** Whether a slot was drawn yet. */
  #drawn = false;
  #position = 0;
  #hourStartMs = 0;
  epochMs = 0;
  storeIndex = 0;

  constructor(
    readonly world: World,
    readonly random: Random,
    readonly from: number,
    readonly to: number,
    readonly count: number,
    /**
     * How many slots are still wanted, asked as each hour begins: the hour then takes its share
     * of them by weight instead of its share of `count`. For a stream whose other messages (the
     * lifecycle events of its orders) are only known as it goes.
     */
    readonly slotsWanted?: (hourStartMs: number) => number,
  ) {
    if (!(to > from)) throw new Error('the backfill range must end after it starts');
    this.#weights = new Float64Array(world.stores.length);
    this.#firstHour = Math.floor(from / HOUR_MS);
    const lastHour = Math.ceil(to / HOUR_MS);
    const hours = lastHour - this.#firstHour;
    const totals = new Float64Array(hours);
    let grand = 0;
    for (let h = 0; h < hours; h += 1) {
      const start = (this.#firstHour + h) * HOUR_MS;
      const covered = (Math.min(to, start + HOUR_MS) - Math.max(from, start)) / HOUR_MS;
      const weight = covered * hourWeights(world, start, this.#weights);
      totals[h] = weight;
      grand += weight;
    }
    this.#weightFrom = new Float64Array(hours + 1);
    for (let h = hours - 1; h >= 0; h -= 1) {
      this.#weightFrom[h] = (this.#weightFrom[h + 1] as number) + (totals[h] as number);
    }
    this.#hourCounts = new Int32Array(hours);
    let cumulative = 0;
    let allocated = 0;
    for (let h = 0; h < hours; h += 1) {
      cumulative += totals[h] as number;
      const upTo = Math.round((count * cumulative) / grand);
      this.#hourCounts[h] = upTo - allocated;
      allocated = upTo;
    }
  }

  advance(): void {
    while (this.#position >= this.#count) {
      // More messages than the estimate left slots for: the last slot again, so time never runs
      // backwards.
      if (this.#hour >= this.#hourCounts.length && this.slotsWanted !== undefined && this.#drawn) {
        return;
      }
      if (this.#hour >= this.#hourCounts.length) {
        // More slots asked for than allocated (chaos may ask a few extra): reuse the range end.
        this.epochMs = Math.floor((this.to - 1000) / 1000) * 1000;
        this.storeIndex = 0;
        return;
      }
      this.#fillHour(this.#hour);
      this.#hour += 1;
    }
    this.#drawn = true;
    const key = this.#keys[this.#position++] as number;
    const draw = key % DRAW_SPAN;
    this.epochMs = this.#hourStartMs + ((key - draw) / DRAW_SPAN) * 1000;
    this.storeIndex = this.#stores[draw] as number;
  }

  #fillHour(h: number): void {
    this.#position = 0;
    const start = (this.#firstHour + h) * HOUR_MS;
    const rest = this.#weightFrom[h] as number;
    let count = this.#hourCounts[h] as number;
    if (this.slotsWanted !== undefined) {
      const share = rest > 0 ? (rest - (this.#weightFrom[h + 1] as number)) / rest : 0;
      const exact = Math.max(0, this.slotsWanted(start) * share + this.#carry);
      count = Math.round(exact);
      this.#carry = exact - count;
    }
    this.#count = count;
    if (count === 0) return;
    const lo = Math.max(this.from, start);
    const hi = Math.min(this.to, start + HOUR_MS);
    const total = hourWeights(this.world, start, this.#weights);
    if (this.#keys.length < count) {
      this.#keys = new Float64Array(count);
      this.#stores = new Int32Array(count);
    }
    this.#hourStartMs = start;
    for (let i = 0; i < count; i += 1) {
      const storeIndex = drawCumulative(this.#weights, total, this.random);
      // Within the hour, only when this store trades (shops open on the half hour in some zones).
      let epochMs = lo;
      for (let draw = 0; draw < MAX_TIME_DRAWS; draw += 1) {
        epochMs = Math.floor((lo + this.random.next() * (hi - lo)) / 1000) * 1000;
        if (seasonality(this.world, storeIndex, epochMs) > 0) break;
      }
      this.#stores[i] = storeIndex;
      // Sorting the packed keys orders slots by time and keeps draw order among equal times.
      this.#keys[i] = ((epochMs - start) / 1000) * DRAW_SPAN + i;
    }
    this.#keys.subarray(0, count).sort();
  }
}

/** Slots at the current time of a clock, with the store mix of the current hour. */
export class LiveSchedule implements SlotSource {
  #tableHour = Number.NaN;
  readonly #weights: Float64Array;
  #total = 0;
  epochMs = 0;
  storeIndex = 0;

  constructor(
    readonly world: World,
    readonly random: Random,
    readonly clock: () => number,
  ) {
    this.#weights = new Float64Array(world.stores.length);
  }

  advance(): void {
    const now = Math.floor(this.clock() / 1000) * 1000;
    const hour = Math.floor(now / HOUR_MS);
    if (hour !== this.#tableHour) {
      this.#total = hourWeights(this.world, hour * HOUR_MS, this.#weights);
      if (!(this.#total > 0)) throw new Error('no store trades in this hour');
      this.#tableHour = hour;
    }
    this.epochMs = now;
    this.storeIndex = drawCumulative(this.#weights, this.#total, this.random);
  }
}

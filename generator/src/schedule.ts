import type { Random } from './random.js';
import { WeightedTable } from './random.js';
import { HOUR_MS } from './time.js';
import { weekHourIndex } from './world/seasonality.js';
import type { World } from './world/index.js';

/** When and where the next order happens. */
export interface Slot {
  readonly epochMs: number;
  readonly storeIndex: number;
}

/** A source of order slots: spread over a past range (backfill) or at the clock (live). */
export interface SlotSource {
  next(): Slot;
}

/** A store's local-time seasonality at an instant. */
function seasonality(world: World, storeIndex: number, epochMs: number): number {
  const offset = world.storeOffsets[storeIndex]!.at(epochMs);
  return world.storeProfiles[storeIndex]![weekHourIndex(epochMs + offset * 60_000)] as number;
}

/**
 * The weight of every store in one UTC hour: store share × its local-time seasonality at mid-hour
 * (for timezones with half-hour offsets that is the average of the two local hours it spans).
 */
function hourWeights(world: World, hourStartMs: number): number[] {
  return world.stores.map((store, index) => {
    const start = seasonality(world, index, hourStartMs);
    const end = seasonality(world, index, hourStartMs + HOUR_MS - 1);
    return (store.weight * (start + end)) / 2;
  });
}

/** Attempts to find a time when a store is open before giving up on it for this slot. */
const MAX_TIME_DRAWS = 16;

/**
 * Spreads `count` slots over [from, to) in time order, following each store's weekly profile in its
 * own local time. Counts per hour are allocated by cumulative rounding (no sampling noise at that
 * level); times within an hour and the store are drawn at random.
 */
export class BackfillSchedule implements SlotSource {
  readonly #hourCounts: Int32Array;
  readonly #firstHour: number;
  #hour = 0;
  #buffer: Slot[] = [];
  #position = 0;

  constructor(
    readonly world: World,
    readonly random: Random,
    readonly from: number,
    readonly to: number,
    readonly count: number,
  ) {
    if (!(to > from)) throw new Error('the backfill range must end after it starts');
    this.#firstHour = Math.floor(from / HOUR_MS);
    const lastHour = Math.ceil(to / HOUR_MS);
    const hours = lastHour - this.#firstHour;
    const totals = new Float64Array(hours);
    let grand = 0;
    for (let h = 0; h < hours; h += 1) {
      const start = (this.#firstHour + h) * HOUR_MS;
      const covered = (Math.min(to, start + HOUR_MS) - Math.max(from, start)) / HOUR_MS;
      const weight = covered * hourWeights(world, start).reduce((sum, w) => sum + w, 0);
      totals[h] = weight;
      grand += weight;
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

  next(): Slot {
    while (this.#position >= this.#buffer.length) {
      if (this.#hour >= this.#hourCounts.length) {
        // More slots asked for than allocated (chaos may ask a few extra): reuse the range end.
        return { epochMs: Math.floor((this.to - 1000) / 1000) * 1000, storeIndex: 0 };
      }
      this.#fillHour(this.#hour);
      this.#hour += 1;
    }
    return this.#buffer[this.#position++] as Slot;
  }

  #fillHour(h: number): void {
    this.#buffer = [];
    this.#position = 0;
    const count = this.#hourCounts[h] as number;
    if (count === 0) return;
    const start = (this.#firstHour + h) * HOUR_MS;
    const lo = Math.max(this.from, start);
    const hi = Math.min(this.to, start + HOUR_MS);
    const stores = new WeightedTable(
      hourWeights(this.world, start).map((weight, index) => [index, weight] as const),
    );
    const slots: Slot[] = [];
    for (let i = 0; i < count; i += 1) {
      const storeIndex = stores.draw(this.random);
      // Within the hour, only when this store trades (shops open on the half hour in some zones).
      let epochMs = lo;
      for (let draw = 0; draw < MAX_TIME_DRAWS; draw += 1) {
        epochMs = Math.floor((lo + this.random.next() * (hi - lo)) / 1000) * 1000;
        if (seasonality(this.world, storeIndex, epochMs) > 0) break;
      }
      slots.push({ epochMs, storeIndex });
    }
    slots.sort((a, b) => a.epochMs - b.epochMs);
    this.#buffer = slots;
  }
}

/** Slots at the current time of a clock, with the store mix of the current hour. */
export class LiveSchedule implements SlotSource {
  #tableHour = Number.NaN;
  #table: WeightedTable<number> | undefined;

  constructor(
    readonly world: World,
    readonly random: Random,
    readonly clock: () => number,
  ) {}

  next(): Slot {
    const now = Math.floor(this.clock() / 1000) * 1000;
    const hour = Math.floor(now / HOUR_MS);
    if (hour !== this.#tableHour || this.#table === undefined) {
      this.#table = new WeightedTable(
        hourWeights(this.world, hour * HOUR_MS).map((w, index) => [index, w] as const),
      );
      this.#tableHour = hour;
    }
    return { epochMs: now, storeIndex: this.#table.draw(this.random) };
  }
}

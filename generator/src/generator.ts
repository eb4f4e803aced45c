import type { FxRateRow, OrderEvent, SalesEvent } from '@salesflow/contract';
import {
  INVALID_KIND_NAMES,
  INVALID_WEIGHTS,
  makeInvalid,
  type InvalidKind,
} from './chaos/invalid.js';
import { CANCELLED_SHARE, FulfilmentPlanner } from './fulfilment.js';
import { LifecycleQueue } from './lifecycle-queue.js';
import { OrderFactory, type BuiltEvent, type PlacedOrder } from './orders.js';
import { RefundPool } from './refund-pool.js';
import { ResendWindow } from './resend-window.js';
import { Random, WeightedTable, hash32 } from './random.js';
import { BackfillSchedule, LiveSchedule, type SlotSource } from './schedule.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { buildWorld, prepareCustomers, type World, type WorldOptions } from './world/index.js';

/**
 * What a generated message is: a fresh valid event, a re-send of one, a competing order_placed
 * event for an order already placed (valid on its own, a conflict with the first), or a labelled
 * broken message.
 */
export type MessageKind = 'valid' | 'duplicate' | 'conflict' | `invalid:${InvalidKind}`;

/** One message as it goes on the wire: raw bytes (not always UTF-8) plus what the tests need to know. */
export interface GeneratedMessage {
  readonly data: Buffer;
  readonly kind: MessageKind;
  /** The event `data` encodes, for `valid` and `duplicate` messages (parsed on first access). */
  readonly event: SalesEvent | undefined;
  /** `event_type` and `event_time` of valid and duplicate messages, without parsing. */
  readonly eventType: SalesEvent['event_type'] | undefined;
  readonly eventTime: string | undefined;
  /** The event happened hours or days before the stream's clock (a late arrival). */
  readonly late: boolean;
  /** The message was held back and emitted after messages that happened later. */
  readonly reordered: boolean;
}

/** A valid (or re-sent valid) message; the event object is parsed only if someone asks for it. */
class EventMessage implements GeneratedMessage {
  #event: SalesEvent | undefined;

  constructor(
    readonly data: Buffer,
    readonly kind: 'valid' | 'duplicate' | 'conflict',
    readonly eventType: SalesEvent['event_type'],
    /** Where the `event_time` value starts in `data`. */
    readonly eventTimeAt: number,
    readonly late: boolean,
    readonly reordered: boolean,
  ) {}

  get event(): SalesEvent {
    this.#event ??= JSON.parse(this.data.toString('utf8')) as SalesEvent;
    return this.#event;
  }

  // Read from the bytes on demand: most consumers never ask, and a string per event is GC work.
  get eventTime(): string {
    return this.data.toString(
      'latin1',
      this.eventTimeAt,
      this.data.indexOf(QUOTE, this.eventTimeAt),
    );
  }
}

/** Chaos knobs, each a probability in [0, 1]. */
export interface ChaosRates {
  /** Share of all messages that are re-sends of an earlier valid message (same bytes). */
  readonly duplicates: number;
  /** Share of all messages that are invalid. */
  readonly invalid: number;
  /**
   * Share of fresh valid events that arrive late (event_time 1 h – 3 days before the clock);
   * a late shipment or delivery can arrive after the events that followed it (a delivery before
   * its shipment).
   */
  readonly late: number;
  /** Share of fresh valid events, shipments and deliveries included, held back a few positions. */
  readonly outOfOrder: number;
  /**
   * Share of fresh order events (placements and refunds) that compete with an order already placed: another order's content
   * under that order's id and a new event id, placed up to three hours before or after it — what a
   * point of sale re-sending a corrected order, or a retry minting a fresh id, produces.
   */
  readonly conflicts: number;
}

export const NO_CHAOS: ChaosRates = Object.freeze({
  duplicates: 0,
  invalid: 0,
  late: 0,
  outOfOrder: 0,
  conflicts: 0,
});

/** Options of {@link createGenerator}. */
export interface GeneratorOptions {
  /** Seed of the event stream; the same seed and options give byte-identical output. */
  readonly seed: number;
  /** Number of messages to produce (valid, duplicate and invalid together). */
  readonly events: number;
  /** `backfill` spreads events over [from, to); `live` stamps them with `clock()`. */
  readonly mode?: 'backfill' | 'live';
  /** Backfill range, epoch ms. */
  readonly from?: number;
  readonly to?: number;
  /** Live mode's clock (epoch ms). */
  readonly clock?: () => number;
  readonly chaos?: Partial<ChaosRates>;
  /** Share of fresh valid events that refund an earlier order (default 3.5 %). */
  readonly refundRate?: number;
  /** World options (seed, customers, products); or a world built earlier, to share it between runs. */
  readonly world?: WorldOptions | World;
  /**
   * Live mode: the most shipments and deliveries that wait for their time at once (default
   * {@link LIVE_LIFECYCLE_CAPACITY}). Parcels take days, so a live stream that runs for days would
   * otherwise hold every parcel still on its way; an order placed while the queue is full is sold
   * but never shipped by this stream. A backfill holds what its range needs.
   */
  readonly liveLifecycleCapacity?: number;
  /**
   * Build every customer of the world before the first event instead of on first use (default
   * false). A stream that runs until it is stopped meets nearly all of them within its first hour:
   * built up front they are part of its size from the start rather than growth while it runs; a
   * short run would pay seconds for customers it never sells to.
   */
  readonly prepareCustomers?: boolean;
}

/**
 * Shipments and deliveries a live stream keeps waiting by default: about 20 MiB. Parcels take days,
 * so the queue fills with the orders of the stream's first minutes at hundreds of events a second
 * (of its first hours at a few a second) and then takes a new order's parcel only as an older one
 * is delivered.
 */
export const LIVE_LIFECYCLE_CAPACITY = 100_000;

/** A configured generator: iterate it for messages; ask it for the FX rows of its dates. */
export interface SalesGenerator extends Iterable<GeneratedMessage> {
  readonly world: World;
  readonly options: Readonly<Required<Pick<GeneratorOptions, 'seed' | 'events' | 'mode'>>> & {
    readonly chaos: ChaosRates;
  };
  /** Bronze `fx_rates` rows (business days only) for the UTC days of [from, to]. */
  fxRatesFor(from: number, to: number): FxRateRow[];
}

const DEFAULT_REFUND_RATE = 0.035;
const QUOTE = 0x22;
const DUPLICATE_WINDOW = 2000;
const REFUND_POOL = 10_000;
const MAX_HOLD_BACK = 32;
/** A competing order_placed event happens at most this long before or after the order it competes with. */
const MAX_CONFLICT_SHIFT_MS = 3 * HOUR_MS;
/** Share of competing events placed at another store (and so, often, in another currency). */
const CONFLICT_OTHER_STORE = 0.2;
/** A refund comes at least this long after its order. */
const MIN_REFUND_DELAY_MS = HOUR_MS;

function checkRate(name: string, value: number): number {
  if (!(value >= 0 && value <= 1))
    throw new RangeError(`${name} must be a rate in [0, 1], got ${value}`);
  return value;
}

const isWorld = (value: WorldOptions | World | undefined): value is World =>
  value !== undefined && 'customerStates' in value;

/** Creates a deterministic sales-event generator. */
export function createGenerator(options: GeneratorOptions): SalesGenerator {
  const mode = options.mode ?? 'backfill';
  if (!Number.isSafeInteger(options.events) || options.events < 0) {
    throw new RangeError(`events must be a non-negative integer, got ${options.events}`);
  }
  if (!Number.isSafeInteger(options.seed))
    throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const chaos: ChaosRates = {
    duplicates: checkRate('duplicates', options.chaos?.duplicates ?? 0),
    invalid: checkRate('invalid', options.chaos?.invalid ?? 0),
    late: checkRate('late', options.chaos?.late ?? 0),
    outOfOrder: checkRate('outOfOrder', options.chaos?.outOfOrder ?? 0),
    conflicts: checkRate('conflicts', options.chaos?.conflicts ?? 0),
  };
  if (chaos.duplicates + chaos.invalid > 1)
    throw new RangeError('duplicates + invalid must not exceed 1');
  const refundRate = checkRate('refundRate', options.refundRate ?? DEFAULT_REFUND_RATE);
  const liveLifecycleCapacity = options.liveLifecycleCapacity ?? LIVE_LIFECYCLE_CAPACITY;
  if (!Number.isSafeInteger(liveLifecycleCapacity) || liveLifecycleCapacity < 0) {
    throw new RangeError(
      `liveLifecycleCapacity must be a non-negative integer, got ${liveLifecycleCapacity}`,
    );
  }
  const world = isWorld(options.world) ? options.world : buildWorld(options.world);
  const clock = options.clock ?? Date.now;
  const from = options.from ?? Date.parse('2026-01-01T00:00:00Z');
  const to = options.to ?? from + 30 * DAY_MS;
  if (mode === 'backfill' && !(to > from))
    throw new RangeError('the backfill range must end after it starts');
  if (mode === 'backfill' && from < Date.parse('2000-01-01T00:00:00Z')) {
    throw new RangeError('the backfill range must start in 2000 or later');
  }

  return {
    world,
    options: { seed: options.seed, events: options.events, mode, chaos },
    fxRatesFor: (rangeFrom, rangeTo) =>
      world.fx.ratesFor(Math.floor(rangeFrom / DAY_MS), Math.floor(rangeTo / DAY_MS)),
    [Symbol.iterator]: () => {
      if (options.prepareCustomers) prepareCustomers(world, mode === 'live' ? clock() : from);
      // Live runs salt ids with their start time so two live runs never share order or event ids.
      const salt =
        mode === 'live'
          ? Math.floor(clock() / 1000)
          : hash32(Math.floor(from / 1000), Math.floor(to / 1000));
      return messages({
        seed: options.seed,
        salt,
        events: options.events,
        mode,
        from,
        to,
        clock,
        chaos,
        refundRate,
        world,
        lifecycleCapacity: mode === 'live' ? liveLifecycleCapacity : Number.POSITIVE_INFINITY,
      });
    },
  };
}

interface RunSettings {
  readonly seed: number;
  readonly salt: number;
  readonly events: number;
  readonly mode: 'backfill' | 'live';
  readonly from: number;
  readonly to: number;
  readonly clock: () => number;
  readonly chaos: ChaosRates;
  readonly refundRate: number;
  readonly world: World;
  /** The most lifecycle events waiting at once; an order that would exceed it is not shipped. */
  readonly lifecycleCapacity: number;
}

interface HeldBack {
  readonly message: EventMessage;
  readonly dueAt: number;
}

/** How far behind the stream's clock a late arrival is: mostly hours, sometimes days, at least an hour. */
function lateLag(random: Random): number {
  return HOUR_MS + Math.floor(random.next() ** 2 * 71 * HOUR_MS);
}

/** Plans drawn to estimate how many of the coming orders' parcels move before the range ends. */
const LEAD_SAMPLES = 200;
/** Within this much of the range's end the estimate is redrawn every hour, else every day. */
const HOURLY_ESTIMATE_MS = 3 * DAY_MS;

/**
 * The lifecycle events an order that ships adds to the rest of a backfill, on average, for orders
 * placed from an instant to the end of the range: plans drawn from the planner itself (on a stream
 * of their own, so the run's stream is untouched) at remote stores by weight and times spread over
 * what is left, counting their shipments and deliveries that fall within it. Weekends and cut-offs
 * weigh in as they do for the real orders. Cached by day, by hour near the end.
 */
function lifecycleEstimator(run: RunSettings): (fromMs: number) => number {
  const random = new Random(run.seed, run.salt ^ 0x5eed1ead);
  const planner = new FulfilmentPlanner(run.world.stores);
  const remote: Array<readonly [number, number]> = [];
  run.world.stores.forEach((store, index) => {
    if (store.store.channel !== 'in_store') remote.push([index, store.weight]);
  });
  const stores = new WeightedTable(remote);
  const cache = new Map<number, number>();
  return (fromMs) => {
    const key =
      run.to - fromMs > HOURLY_ESTIMATE_MS
        ? Math.floor(fromMs / DAY_MS) * DAY_MS
        : Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    let perOrder = cache.get(key);
    if (perOrder === undefined) {
      let shipping = 0;
      let within = 0;
      for (let i = 0; i < LEAD_SAMPLES; i += 1) {
        const storeIndex = stores.draw(random);
        const placedAt = key + Math.floor(random.next() * Math.max(0, run.to - key));
        const plan = planner.plan(
          storeIndex,
          placedAt,
          (at) => run.world.storeOffsets[storeIndex]!.at(at),
          random,
        );
        if (plan === undefined || plan.cancelled) continue;
        shipping += 1;
        if (plan.shippedAt < run.to) within += 1;
        if (plan.deliveredAt < run.to) within += 1;
      }
      perOrder = shipping === 0 ? 0 : within / shipping;
      cache.set(key, perOrder);
    }
    return perOrder;
  };
}

/** The share of slots expected to place an order that ships, before any slot was drawn. */
function expectedShippingShare(run: RunSettings): number {
  let remote = 0;
  let total = 0;
  for (const store of run.world.stores) {
    total += store.weight;
    if (store.store.channel !== 'in_store') remote += store.weight;
  }
  const placing = Math.max(0, 1 - run.chaos.conflicts - run.refundRate);
  return (remote / total) * (1 - CANCELLED_SHARE) * placing;
}

/** Slots drawn before the observed share of shipping orders replaces the expected one. */
const OBSERVED_AFTER_SLOTS = 500;

const INVALID_TABLE = new WeightedTable<InvalidKind>(
  INVALID_KIND_NAMES.map((kind) => [kind, INVALID_WEIGHTS[kind]]),
);

function* messages(run: RunSettings): Generator<GeneratedMessage, void, undefined> {
  const { chaos, world } = run;
  const random = new Random(run.seed, run.salt);
  const runTag = hash32(run.seed, run.salt).toString(16).toUpperCase().padStart(8, '0').slice(0, 6);
  const orders = new OrderFactory(world, random, runTag);
  // Slots still wanted as a backfill hour begins: of the messages still to send, those that are
  // neither invalid nor re-sends, less the shipments and deliveries already due within the range,
  // over one plus what each later order will add.
  const expectedShipping = run.mode === 'live' ? 0 : expectedShippingShare(run);
  const lifecyclePerOrder = run.mode === 'live' ? () => 0 : lifecycleEstimator(run);
  let slotsUsed = 0;
  let shippingOrders = 0;
  const slotsWanted = (hourStartMs: number): number =>
    ((run.events - emitted - heldBack.length) * (1 - run.chaos.invalid - run.chaos.duplicates) -
      lifecycle.dueBeforeHorizon) /
    (1 +
      (slotsUsed < OBSERVED_AFTER_SLOTS ? expectedShipping : shippingOrders / slotsUsed) *
        lifecyclePerOrder(hourStartMs));
  const slots: SlotSource =
    run.mode === 'live'
      ? new LiveSchedule(world, random, run.clock)
      : new BackfillSchedule(world, random, run.from, run.to, run.events, slotsWanted);
  const recent = new ResendWindow(DUPLICATE_WINDOW);
  const refundable = new RefundPool(REFUND_POOL);
  const heldBack: HeldBack[] = [];
  const lifecycle = new LifecycleQueue({
    horizon: run.mode === 'live' ? Number.POSITIVE_INFINITY : run.to,
    capacity: run.lifecycleCapacity,
  });
  let emitted = 0;
  /** Whether the current slot is still to be used (a lifecycle event went out in its place). */
  let slotReady = false;

  const remember = (message: EventMessage): void => recent.add(message, random);
  const validMessage = (fresh: BuiltEvent, late: boolean, reordered: boolean): EventMessage =>
    new EventMessage(fresh.data, 'valid', fresh.eventType, fresh.eventTimeAt, late, reordered);
  const freshEvent = (epochMs: number, storeIndex: number): BuiltEvent => {
    if (refundable.size > 0 && random.chance(run.refundRate)) {
      const pick = random.int(refundable.size);
      if (refundable.placedAt(pick) + MIN_REFUND_DELAY_MS <= epochMs) {
        return orders.refundOrder(refundable.take(pick), epochMs);
      }
    }
    const order = orders.placeOrder(storeIndex, epochMs);
    refundable.add(order, random);
    schedule(order);
    return order;
  };
  /** Puts an order's shipment and delivery on the queue, each at its own time, or late. */
  const schedule = (order: PlacedOrder): void => {
    const plan = order.fulfilment;
    if (plan === undefined || plan.cancelled) return;
    // Room for both stages before either is drawn: a full queue skips the order and draws nothing.
    if (!lifecycle.hasRoomFor(2)) return;
    shippingOrders += 1;
    for (const stage of ['shipped', 'delivered'] as const) {
      const at = stage === 'shipped' ? plan.shippedAt : plan.deliveredAt;
      const late = random.chance(chaos.late);
      lifecycle.push({
        dueAt: late ? at + lateLag(random) : at,
        stage,
        late,
        orderNumber: order.orderNumber,
        storeIndex: order.storeIndex,
        shipment: plan,
      });
    }
  };
  /** Holds a message back a few positions (local reordering). */
  const holdBack = (message: EventMessage): void => {
    const dueAt = emitted + 1 + random.int(MAX_HOLD_BACK);
    let at = heldBack.length;
    while (at > 0 && (heldBack[at - 1] as HeldBack).dueAt > dueAt) at -= 1;
    heldBack.splice(at, 0, { message, dueAt });
  };

  while (emitted < run.events) {
    const due = heldBack[0];
    if (due !== undefined && (due.dueAt <= emitted || emitted + heldBack.length >= run.events)) {
      heldBack.shift();
      // Only what has been sent can be re-sent.
      remember(due.message);
      emitted += 1;
      yield due.message;
      continue;
    }
    if (!slotReady) {
      slots.advance();
      slotReady = true;
    }
    // Invalid messages and re-sends are shares of every message; they leave the slot for the next.
    const roll = random.next();
    if (roll < chaos.invalid) {
      const kind = INVALID_TABLE.draw(random);
      const json = orders.placeOrder(slots.storeIndex, slots.epochMs).data.toString('utf8');
      emitted += 1;
      yield {
        data: makeInvalid(kind, JSON.parse(json) as OrderEvent, json, random),
        kind: `invalid:${kind}`,
        event: undefined,
        eventType: undefined,
        eventTime: undefined,
        late: false,
        reordered: false,
      };
      continue;
    }
    if (roll < chaos.invalid + chaos.duplicates && recent.size > 0) {
      const original = recent.at(random.int(recent.size));
      emitted += 1;
      yield new EventMessage(
        original.data,
        'duplicate',
        original.eventType,
        original.eventTimeAt,
        original.late,
        false,
      );
      continue;
    }
    // Shipments and deliveries of earlier orders go out once the stream's clock reaches them.
    if (lifecycle.nextDueAt <= slots.epochMs) {
      const due = lifecycle.pop()!;
      const built = orders.lifecycleEvent(
        due.orderNumber,
        due.storeIndex,
        due.shipment,
        due.stage === 'delivered',
      );
      if (random.chance(chaos.outOfOrder)) {
        holdBack(validMessage(built, due.late, true));
        continue;
      }
      const message = validMessage(built, due.late, false);
      remember(message);
      emitted += 1;
      yield message;
      continue;
    }
    slotReady = false;
    slotsUsed += 1;
    // Drawn only when the knob is on, so streams without conflicts stay what they were.
    if (chaos.conflicts > 0 && refundable.size > 0 && random.chance(chaos.conflicts)) {
      const original = refundable.peek(random.int(refundable.size));
      const shift = Math.floor(((random.next() * 2 - 1) * MAX_CONFLICT_SHIFT_MS) / 1000) * 1000;
      const storeIndex = random.chance(CONFLICT_OTHER_STORE)
        ? slots.storeIndex
        : original.storeIndex;
      const competing = orders.competingOrder(
        original.orderNumber,
        storeIndex,
        Math.max(
          Date.parse('2000-01-01T00:00:00Z'),
          Math.min(slots.epochMs, original.placedAt + shift),
        ),
      );
      const message = new EventMessage(
        competing.data,
        'conflict',
        competing.eventType,
        competing.eventTimeAt,
        false,
        false,
      );
      remember(message);
      emitted += 1;
      yield message;
      continue;
    }
    const late = random.chance(chaos.late);
    const lag = late ? lateLag(random) : 0;
    const eventTime = Math.max(
      Date.parse('2000-01-01T00:00:00Z'),
      slots.epochMs - Math.floor(lag / 1000) * 1000,
    );
    const fresh = freshEvent(eventTime, slots.storeIndex);
    if (random.chance(chaos.outOfOrder)) {
      holdBack(validMessage(fresh, late, true));
      continue;
    }
    const message = validMessage(fresh, late, false);
    remember(message);
    emitted += 1;
    yield message;
  }
}

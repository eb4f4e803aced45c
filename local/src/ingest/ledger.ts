import { hash } from 'node:crypto';
import type { OutboundMessage } from '@salesflow/generator';

/** A message an ingest run publishes and keeps until it is accounted for. */
export interface TrackedMessage extends OutboundMessage {
  /**
   * The `event_id` it lands under if it is a valid event. Read from the body when not given; a body
   * that is not a JSON object with a string `event_id` cannot land, only be rejected or dead-lettered.
   */
  readonly eventId?: string | undefined;
}

/** Where the messages of a run ended up. Each message is counted once, at the first place found. */
export interface Accounting {
  /** Messages the run was given to publish. */
  published: number;
  /** In `bronze.sales_events` (at least once). */
  landed: number;
  /** In `bronze.sales_events_rejected` and not landed. */
  rejected: number;
  /** On the dead-letter topic and in neither Bronze table. */
  deadLettered: number;
  /** None of the above: lost, refused by Pub/Sub, or still under way. */
  unaccounted: number;
}

/**
 * What was found since the last look, as keys that pair the Pub/Sub message id with what the
 * message carried: {@link landedKey} for `sales_events` rows, {@link bodyKey} for the rejected rows
 * and the dead letters (which keep the exact bytes).
 */
export interface FoundKeys {
  readonly landed: readonly string[];
  readonly rejected: readonly string[];
  readonly deadLettered: readonly string[];
}

/** SHA-256 of a message body, lowercase hex: the key of a body wherever it is stored. */
export function payloadDigest(data: Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** The key of a `sales_events` row: its message id and `event_id`. */
export function landedKey(messageId: string, eventId: string): string {
  return `${messageId}/${eventId}`;
}

/** The key of a message kept with its bytes: its message id and {@link payloadDigest}. */
export function bodyKey(messageId: string, digest: string): string {
  return `${messageId}/${digest}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The string `event_id` of a JSON object body, if it has one. */
export function eventIdOf(data: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(utf8.decode(data)) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const eventId = (parsed as { event_id?: unknown }).event_id;
    return typeof eventId === 'string' ? eventId : undefined;
  } catch {
    return undefined;
  }
}

type Place = 'rejected' | 'deadLettered' | 'unaccounted';

interface Entry {
  /** Kept only when the ledger may publish it again. */
  readonly message: TrackedMessage | undefined;
  readonly eventId: string | undefined;
  readonly digest: string;
  /** {@link landedKey} of each id it was published under (none when it has no `event_id`). */
  readonly landedKeys: string[];
  /** {@link bodyKey} of each id it was published under. */
  readonly bodyKeys: string[];
  place: Place;
}

/** Options of {@link IngestLedger}. */
export interface LedgerOptions {
  /** Keep each message's body until it is settled, to publish it again (default false). */
  keepMessages?: boolean | undefined;
  /** Keep the first message id of every message, for {@link IngestLedger.firstIds} (default false). */
  keepFirstIds?: boolean | undefined;
  /**
   * How long a key found for no message it knows is kept — its message's publish may not have been
   * confirmed yet — and how long a rejected or dead-lettered message stays open to a landing that
   * would count instead (default 2 minutes).
   */
  holdMs?: number | undefined;
  now?: (() => number) | undefined;
}

/** Keys → the open messages published under them (more than one only when ids were reused). */
class KeyIndex {
  private readonly map = new Map<string, number | number[]>();

  add(key: string, index: number): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, index);
    else if (typeof held === 'number') {
      if (held !== index) this.map.set(key, [held, index]);
    } else if (!held.includes(index)) held.push(index);
  }

  get(key: string): readonly number[] {
    const held = this.map.get(key);
    return held === undefined ? [] : typeof held === 'number' ? [held] : held;
  }

  delete(key: string, index: number): void {
    const held = this.map.get(key);
    if (held === index) this.map.delete(key);
    else if (Array.isArray(held)) {
      const rest = held.filter((other) => other !== index);
      this.map.set(key, rest.length === 1 ? rest[0]! : rest);
    }
  }
}

type FoundPlace = keyof FoundKeys;

/**
 * The publisher's record of what it must see accounted for. A message is found by the message id it
 * was published under together with what it carried, never by the id alone: a message published
 * again gets a new id, and a restarted emulator hands out the old ids again, to other messages.
 *
 * It takes what was found since its last look ({@link record}) and looks each key up, so a look
 * costs what is new. A landed message is settled — nothing can take it elsewhere — and forgotten
 * but for its count; a rejected or dead-lettered one after the hold time (a landing found meanwhile
 * counts instead). So a live stream that runs for days keeps only what is still under way (and,
 * without replays, no message bodies); a found key that matches nothing it knows is kept for the
 * hold time, not for good.
 */
export class IngestLedger {
  private readonly open = new Map<number, Entry>();
  private readonly byLandedKey = new KeyIndex();
  private readonly byBodyKey = new KeyIndex();
  /** Open messages found rejected or dead-lettered, with when: in the order found. */
  private readonly held = new Map<number, number>();
  /** Keys found for no open message, with when: in the order found. */
  private readonly strays = new Map<string, number>();
  private readonly firstIdsByIndex: (string | undefined)[] | undefined;
  private readonly counts: Omit<Accounting, 'unaccounted'> = {
    published: 0,
    landed: 0,
    rejected: 0,
    deadLettered: 0,
  };
  private readonly keepMessages: boolean;
  private readonly holdMs: number;
  private readonly now: () => number;

  constructor(options: LedgerOptions = {}) {
    this.keepMessages = options.keepMessages ?? false;
    this.firstIdsByIndex = options.keepFirstIds ? [] : undefined;
    this.holdMs = options.holdMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  /** Messages tracked so far. */
  get size(): number {
    return this.counts.published;
  }

  /** Messages the ledger still holds: not landed, or rejected or dead-lettered within the hold time. */
  get underWay(): number {
    return this.open.size;
  }

  /** Keys found for no message it holds, kept for the hold time. */
  get strayKeys(): number {
    return this.strays.size;
  }

  /** Starts keeping a message; returns its index. */
  track(message: TrackedMessage): number {
    const index = this.counts.published;
    this.counts.published += 1;
    this.firstIdsByIndex?.push(undefined);
    this.open.set(index, {
      message: this.keepMessages ? message : undefined,
      eventId: message.eventId ?? eventIdOf(message.data),
      digest: payloadDigest(message.data),
      landedKeys: [],
      bodyKeys: [],
      place: 'unaccounted',
    });
    return index;
  }

  /** Records that the message at `index` was published under `messageId`. */
  published(index: number, messageId: string): void {
    if (this.firstIdsByIndex && this.firstIdsByIndex[index] === undefined)
      this.firstIdsByIndex[index] = messageId;
    const entry = this.open.get(index);
    if (!entry) return;
    const keys: [FoundPlace, string][] = [];
    if (entry.eventId !== undefined) {
      const key = landedKey(messageId, entry.eventId);
      entry.landedKeys.push(key);
      this.byLandedKey.add(key, index);
      keys.push(['landed', key]);
    }
    const key = bodyKey(messageId, entry.digest);
    entry.bodyKeys.push(key);
    this.byBodyKey.add(key, index);
    keys.push(['rejected', key], ['deadLettered', key]);
    // Found before its publish was confirmed: a fast landing.
    for (const [place, found] of keys) {
      if (this.strays.delete(`${place}:${found}`)) this.place(index, place);
    }
  }

  /** The message at `index`, while the ledger keeps it (see `keepMessages`). */
  message(index: number): TrackedMessage | undefined {
    return this.open.get(index)?.message;
  }

  /** The first message id of each message, in the order tracked (undefined: never published). */
  firstIds(): (string | undefined)[] | undefined {
    return this.firstIdsByIndex && [...this.firstIdsByIndex];
  }

  /** Takes what was found since the last call and counts the messages by where they are. */
  record(found: FoundKeys): Accounting {
    const now = this.now();
    for (const place of ['landed', 'rejected', 'deadLettered'] as const) {
      const index = place === 'landed' ? this.byLandedKey : this.byBodyKey;
      for (const key of found[place]) {
        const indexes = index.get(key);
        if (indexes.length === 0) {
          // Deleted first so that the map stays in the order last found.
          this.strays.delete(`${place}:${key}`);
          this.strays.set(`${place}:${key}`, now);
        } else for (const open of [...indexes]) this.place(open, place);
      }
    }
    for (const [key, at] of this.strays) {
      if (now - at < this.holdMs) break;
      this.strays.delete(key);
    }
    for (const [index, since] of this.held) {
      if (now - since < this.holdMs) break;
      const entry = this.open.get(index)!;
      this.forget(index, entry);
    }
    return this.accounting();
  }

  /** The messages by where they were found so far. */
  accounting(): Accounting {
    const { published, landed, rejected, deadLettered } = this.counts;
    return {
      published,
      landed,
      rejected,
      deadLettered,
      unaccounted: published - landed - rejected - deadLettered,
    };
  }

  /** Indexes of the messages found nowhere yet: the ones to publish again. */
  unaccounted(): number[] {
    const indexes: number[] = [];
    for (const [index, entry] of this.open) if (entry.place === 'unaccounted') indexes.push(index);
    return indexes;
  }

  /** Counts the open message at `index` where it was found, unless it already counts higher. */
  private place(index: number, found: FoundPlace): void {
    const entry = this.open.get(index);
    if (!entry) return;
    if (found === 'landed') {
      this.uncount(entry);
      this.counts.landed += 1;
      this.forget(index, entry);
      return;
    }
    if (RANK[found] <= RANK[entry.place]) return;
    this.uncount(entry);
    entry.place = found;
    this.counts[found] += 1;
    if (!this.held.has(index)) this.held.set(index, this.now());
  }

  private uncount(entry: Entry): void {
    if (entry.place !== 'unaccounted') this.counts[entry.place] -= 1;
  }

  /** Stops holding a settled message; it stays counted where it is. */
  private forget(index: number, entry: Entry): void {
    this.open.delete(index);
    this.held.delete(index);
    for (const key of entry.landedKeys) this.byLandedKey.delete(key, index);
    for (const key of entry.bodyKeys) this.byBodyKey.delete(key, index);
  }
}

/** Which place counts when a message is found in more than one. */
const RANK: Readonly<Record<Place, number>> = { unaccounted: 0, deadLettered: 1, rejected: 2 };

import { createHash } from 'node:crypto';
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
 * What the places a message can end up in hold, as keys that pair the Pub/Sub message id with what
 * the message carried: {@link landedKey} for `sales_events`, {@link bodyKey} for the rejected rows
 * and the dead letters (which keep the exact bytes).
 */
export interface FoundKeys {
  readonly landed: ReadonlySet<string>;
  readonly rejected: ReadonlySet<string>;
  readonly deadLettered: ReadonlySet<string>;
}

/** SHA-256 of a message body, lowercase hex: the key of a body wherever it is stored. */
export function payloadDigest(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
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

interface Entry {
  /** Kept only when the ledger may publish it again. */
  readonly message: TrackedMessage | undefined;
  readonly eventId: string | undefined;
  readonly digest: string;
  /** {@link landedKey} of each id it was published under (none when it has no `event_id`). */
  readonly landedKeys: string[];
  /** {@link bodyKey} of each id it was published under. */
  readonly bodyKeys: string[];
}

type Place = 'landed' | 'rejected' | 'deadLettered' | 'unaccounted';

/**
 * The publisher's record of what it must see accounted for. A message is found by the message id it
 * was published under together with what it carried, never by the id alone: a message published
 * again gets a new id, and a restarted emulator hands out the old ids again, to other messages.
 *
 * A landed message is settled — nothing can take it elsewhere — and forgotten but for its count, so a
 * long live stream keeps only what is still under way (and, without replays, no message bodies).
 */
export class IngestLedger {
  private readonly open = new Map<number, Entry>();
  private readonly firstIdsByIndex: (string | undefined)[] = [];
  private landed = 0;

  /** @param keepMessages keep each message's body until it lands, to publish it again */
  constructor(private readonly keepMessages = false) {}

  /** Messages tracked so far. */
  get size(): number {
    return this.firstIdsByIndex.length;
  }

  /** Starts keeping a message; returns its index. */
  track(message: TrackedMessage): number {
    const index = this.firstIdsByIndex.length;
    this.firstIdsByIndex.push(undefined);
    this.open.set(index, {
      message: this.keepMessages ? message : undefined,
      eventId: message.eventId ?? eventIdOf(message.data),
      digest: payloadDigest(message.data),
      landedKeys: [],
      bodyKeys: [],
    });
    return index;
  }

  /** Records that the message at `index` was published under `messageId`. */
  published(index: number, messageId: string): void {
    if (this.firstIdsByIndex[index] === undefined) this.firstIdsByIndex[index] = messageId;
    const entry = this.open.get(index);
    if (!entry) return;
    if (entry.eventId !== undefined) entry.landedKeys.push(landedKey(messageId, entry.eventId));
    entry.bodyKeys.push(bodyKey(messageId, entry.digest));
  }

  /** The message at `index`, while the ledger keeps it (see `keepMessages`). */
  message(index: number): TrackedMessage | undefined {
    return this.open.get(index)?.message;
  }

  /** The first message id of each message, in the order tracked (undefined: never published). */
  firstIds(): (string | undefined)[] {
    return [...this.firstIdsByIndex];
  }

  /** Counts the messages by where they are found now, and settles the ones that landed. */
  settle(found: FoundKeys): Accounting {
    const result: Accounting = {
      published: this.size,
      landed: 0,
      rejected: 0,
      deadLettered: 0,
      unaccounted: 0,
    };
    for (const [index, entry] of this.open) {
      const where = place(entry, found);
      if (where === 'landed') {
        this.open.delete(index);
        this.landed += 1;
      } else result[where] += 1;
    }
    result.landed = this.landed;
    return result;
  }

  /** Indexes of the messages found nowhere yet: the ones to publish again. */
  unaccounted(found: FoundKeys): number[] {
    const indexes: number[] = [];
    for (const [index, entry] of this.open)
      if (place(entry, found) === 'unaccounted') indexes.push(index);
    return indexes;
  }
}

function place(entry: Entry, found: FoundKeys): Place {
  if (entry.landedKeys.some((key) => found.landed.has(key))) return 'landed';
  if (entry.bodyKeys.some((key) => found.rejected.has(key))) return 'rejected';
  if (entry.bodyKeys.some((key) => found.deadLettered.has(key))) return 'deadLettered';
  return 'unaccounted';
}

import { createHash } from 'node:crypto';
import type { OutgoingMessage } from './publish.js';

/** A message the publisher keeps until it is accounted for. */
export interface TrackedMessage extends OutgoingMessage {
  /** The `event_id` of a message that should land in `sales_events`; absent for invalid ones. */
  eventId?: string | undefined;
}

/** Where messages were found, by keys that do not change when a message is published again. */
export interface FoundKeys {
  landedEventIds: ReadonlySet<string>;
  rejectedDigests: ReadonlySet<string>;
  deadLetteredDigests: ReadonlySet<string>;
}

/** Where the tracked messages ended up; each is counted once, at the first place it is found. */
export interface LedgerAccounting {
  messages: number;
  landed: number;
  rejected: number;
  deadLettered: number;
  unaccounted: number;
}

/** SHA-256 of a message body, lowercase hex: the key of a body wherever it is stored. */
export function payloadDigest(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

type Place = 'landed' | 'rejected' | 'deadLettered' | 'unaccounted';

/**
 * The publisher's record of what it must see accounted for. Pub/Sub message ids cannot tell whether
 * a message arrived — a republished copy gets a new id, and a restarted emulator hands out the old
 * ids again — so a message counts as landed when its `event_id` is in Bronze, and as rejected or
 * dead-lettered when its exact bytes are. Messages with identical bytes are one and the same to it.
 */
export class ReplayLedger {
  private readonly digests: readonly string[];

  constructor(readonly messages: readonly TrackedMessage[]) {
    this.digests = messages.map((message) => payloadDigest(message.data));
  }

  /** Counts the messages by where they were found. */
  account(found: FoundKeys): LedgerAccounting {
    const result: LedgerAccounting = {
      messages: this.messages.length,
      landed: 0,
      rejected: 0,
      deadLettered: 0,
      unaccounted: 0,
    };
    this.messages.forEach((_, index) => {
      result[this.place(index, found)] += 1;
    });
    return result;
  }

  /** The messages found nowhere yet: the ones to publish again. */
  unaccounted(found: FoundKeys): TrackedMessage[] {
    return this.messages.filter((_, index) => this.place(index, found) === 'unaccounted');
  }

  private place(index: number, found: FoundKeys): Place {
    const eventId = this.messages[index]?.eventId;
    const digest = this.digests[index] ?? '';
    if (eventId !== undefined && found.landedEventIds.has(eventId)) return 'landed';
    if (found.rejectedDigests.has(digest)) return 'rejected';
    if (found.deadLetteredDigests.has(digest)) return 'deadLettered';
    return 'unaccounted';
  }
}

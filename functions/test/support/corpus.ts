/**
 * The pipeline tests' messages, from the contract's shared test data: valid events from the one
 * event factory and one message of every kind in the one bad-message catalog.
 */
import {
  BAD_MESSAGE_KINDS,
  badMessage,
  seededRandom,
  validEvent,
  type BadMessageKindName,
} from '@salesflow/contract/testing';

export { validEvent };

/** One message of every kind of the bad-message catalog, made from a valid event; seeded. */
export const INVALID_KINDS: Readonly<Record<string, () => Buffer>> = Object.fromEntries(
  BAD_MESSAGE_KINDS.map((kind: BadMessageKindName, index) => [
    kind,
    () => badMessage(kind, validEvent(0), { next: seededRandom(index + 1) }),
  ]),
);

const text = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** One message of a corpus and what must become of it. */
export interface CorpusMessage {
  data: Buffer;
  /** `event`: lands in sales_events; `rejected`: lands in sales_events_rejected. */
  expect: 'event' | 'rejected';
  kind: string;
  eventId?: string;
}

/**
 * A mixed corpus: `valid` distinct valid events, `duplicates` re-publishes of some of them (same
 * event_id), and `perInvalidKind` messages of every invalid kind — shuffled deterministically.
 */
export function mixedCorpus(options: {
  valid: number;
  duplicates: number;
  perInvalidKind: number;
}): CorpusMessage[] {
  const messages: CorpusMessage[] = [];
  for (let index = 0; index < options.valid; index += 1) {
    const event = validEvent(index);
    messages.push({
      data: text(event),
      expect: 'event',
      kind: 'valid',
      eventId: event.event_id,
    });
  }
  for (let index = 0; index < options.duplicates; index += 1) {
    const original = messages[(index * 7) % options.valid] as CorpusMessage;
    messages.push({ ...original, kind: 'duplicate' });
  }
  for (const [kind, build] of Object.entries(INVALID_KINDS)) {
    for (let index = 0; index < options.perInvalidKind; index += 1)
      messages.push({ data: build(), expect: 'rejected', kind });
  }
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let index = messages.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [messages[index], messages[other]] = [
      messages[other] as CorpusMessage,
      messages[index] as CorpusMessage,
    ];
  }
  return messages;
}

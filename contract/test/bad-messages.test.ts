import { describe, expect, it } from 'vitest';
import { validateMessage, type OrderEvent, type SalesEvent } from '../src/index.js';
import {
  BAD_MESSAGES,
  BAD_MESSAGE_KINDS,
  SYNTHETIC_NOW,
  badMessage,
  contractExamples,
  seededRandom,
  syntheticEvents,
} from '../testing/index.js';

const placed = (event: SalesEvent): event is OrderEvent => event.event_type === 'order_placed';
const orders = [
  ...contractExamples()
    .map(({ event }) => event)
    .filter(placed),
  ...syntheticEvents(300, 21).filter(placed),
];

describe('the bad-message catalog', () => {
  it('has the kinds every reject reason needs', () => {
    expect(new Set(BAD_MESSAGE_KINDS.map((kind) => BAD_MESSAGES[kind].reason))).toEqual(
      new Set([
        'payload_too_large',
        'invalid_encoding',
        'invalid_json',
        'not_an_object',
        'unsupported_schema_version',
        'schema_violation',
        'business_rule_violation',
      ]),
    );
  });

  for (const kind of BAD_MESSAGE_KINDS) {
    const { reason, code } = BAD_MESSAGES[kind] as { reason: string; code?: string };
    it(`${kind}: every message is rejected as ${reason}${code ? ` (${code})` : ''}, on one line`, () => {
      const random = seededRandom(kind.length);
      const wrong: string[] = [];
      for (const order of orders) {
        const data = badMessage(kind, order, { next: random });
        expect(data.includes(0x0a), `${kind} of ${order.order_id} holds a newline`).toBe(false);
        const result = validateMessage(data, { now: SYNTHETIC_NOW });
        const verdict = result.ok ? 'accepted' : result.reason;
        const codes = result.ok ? [] : result.issues.map((issue) => issue.code);
        if (verdict !== reason || (code !== undefined && !codes.includes(code))) {
          wrong.push(`${order.order_id}: ${verdict} ${codes.join(',')}`);
        }
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  }
});

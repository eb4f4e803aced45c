import { describe, expect, it } from 'vitest';
import { validateMessage, type OrderEvent, type ValidationResult } from '../src/index.js';
import { validateMessageData } from '../src/validation/index.js';
import {
  BAD_MESSAGE_KINDS,
  CORPUS_NOW,
  badMessage,
  contractExamples,
  handMadeMutations,
  hostileMessages,
  mutatedCorpus,
  seededRandom,
  syntheticEvents,
  type CorpusMessage,
} from '../testing/index.js';

/** What must agree: ok, reason, and the multiset of (path, code) issue pairs. */
function verdict(result: ValidationResult): { ok: boolean; reason?: string; issues?: string[] } {
  if (result.ok) return { ok: true };
  return {
    ok: false,
    reason: result.reason,
    issues: result.issues.map((i) => `${i.path} ${i.code}`).sort(),
  };
}

function compare(messages: readonly CorpusMessage[]): {
  agreed: number;
  rejected: number;
  reasons: Set<string>;
} {
  let rejected = 0;
  const reasons = new Set<string>();
  for (const message of messages) {
    const expected = validateMessage(message.data, { now: CORPUS_NOW });
    const actual = validateMessageData(message.data, CORPUS_NOW);
    expect(verdict(actual), message.name).toEqual(verdict(expected));
    if (expected.ok && actual.ok) {
      // The core hands on the parsed message itself; zod's output must hold the same values.
      expect(actual.event, message.name).toEqual(expected.event);
    } else if (!expected.ok) {
      rejected++;
      reasons.add(expected.reason);
    }
  }
  return { agreed: messages.length, rejected, reasons };
}

/**
 * The fast validator (the ingest function's, bundled into the Dataflow UDF) and the zod schema of
 * record give every message the same verdict: the same reason and the same issue paths and codes.
 * The generator's output, chaos included, is compared in the generator's tests.
 */
describe('fast core agrees with the zod contract', () => {
  it('accepts the contract examples', () => {
    for (const { name, event } of contractExamples()) {
      expect(validateMessageData(JSON.stringify(event), CORPUS_NOW).ok, name).toBe(true);
    }
  });

  it('on every hand-made mutation', () => {
    const mutations = handMadeMutations();
    expect(mutations.length).toBeGreaterThanOrEqual(60);
    const { rejected, reasons } = compare(mutations);
    // The corpus must exercise every reject reason, or it proves less than it claims.
    expect([...reasons].sort()).toEqual([
      'business_rule_violation',
      'invalid_encoding',
      'invalid_json',
      'not_an_object',
      'payload_too_large',
      'schema_violation',
      'unsupported_schema_version',
    ]);
    expect(rejected).toBeGreaterThan(mutations.length / 2);
  });

  it('on synthetic events and random mutations of them', () => {
    const corpus = mutatedCorpus(3000, 0.6, 11);
    const { agreed, rejected } = compare(corpus);
    expect(agreed).toBeGreaterThan(4000);
    expect(rejected).toBeGreaterThan(1000);
    expect(agreed - rejected).toBeGreaterThan(2500);
  });

  it('on every kind of the bad-message catalog', () => {
    const random = seededRandom(5);
    const orders = syntheticEvents(400, 13).filter(
      (event): event is OrderEvent => event.event_type === 'order_placed',
    );
    const messages = orders.flatMap((event, index) =>
      BAD_MESSAGE_KINDS.map((kind) => ({
        name: `${kind} of order #${index}`,
        data: badMessage(kind, event, { next: random }),
      })),
    );
    const { rejected } = compare(messages);
    expect(rejected).toBe(messages.length);
  });

  it("on the contract's hostile-message corpus", () => {
    const { rejected } = compare(hostileMessages());
    expect(rejected).toBeGreaterThan(20);
  });

  it('reports the same issue path format for odd keys', () => {
    const result = validateMessageData('{"schema_version":1,"we ird":1,"__proto__":2}', CORPUS_NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path)).toContain('$["we ird"]');
      expect(result.issues.map((i) => i.path)).toContain('$.__proto__');
    }
  });
});

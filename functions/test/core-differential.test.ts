import { describe, expect, it } from 'vitest';
import { validateMessage, type ValidationResult } from '@salesflow/contract';
import { validateMessageData } from '../src/core/index.js';
import {
  CORPUS_NOW,
  contractExamples,
  generatorMessages,
  handMadeMutations,
  hostileMessages,
  mixedCorpus,
  type CorpusMessage,
} from './core-fixtures.js';

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
    const corpus = mixedCorpus(3000, 0.6, 11);
    const { agreed, rejected } = compare(corpus);
    expect(agreed).toBeGreaterThan(4000);
    expect(rejected).toBeGreaterThan(1000);
    expect(agreed - rejected).toBeGreaterThan(2500);
  });

  it("on the generator's corpus, chaos included", () => {
    const { agreed, rejected } = compare(generatorMessages(3000, 17));
    expect(agreed).toBe(3000);
    expect(rejected).toBeGreaterThan(300);
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

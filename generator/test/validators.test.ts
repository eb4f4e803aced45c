import { describe, expect, it } from 'vitest';
import { validateMessage, type ValidationResult } from '@salesflow/contract';
import { validateMessageData } from '@salesflow/contract/validation';
import { generate } from './fixtures.js';

/** What must agree: ok, reason, and the multiset of (path, code) issue pairs. */
function verdict(result: ValidationResult): { ok: boolean; reason?: string; issues?: string[] } {
  if (result.ok) return { ok: true };
  return {
    ok: false,
    reason: result.reason,
    issues: result.issues.map((issue) => `${issue.path} ${issue.code}`).sort(),
  };
}

describe("the generator's output, chaos included", () => {
  it('gets the same verdict from the fast validator as from the zod contract', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const messages = generate({
      events: 3000,
      seed: 17,
      chaos: { duplicates: 0.02, invalid: 0.25, late: 0.05, outOfOrder: 0.02 },
    });
    let rejected = 0;
    for (const [index, message] of messages.entries()) {
      const expected = validateMessage(message.data, { now });
      const actual = validateMessageData(message.data, now);
      expect(verdict(actual), `#${index} (${message.kind})`).toEqual(verdict(expected));
      if (!expected.ok) rejected += 1;
    }
    expect(messages).toHaveLength(3000);
    expect(rejected).toBeGreaterThan(600);
  });
});

import { describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { INVALID_KINDS, validEvent } from './support/corpus.js';

describe('test corpus', () => {
  it('builds valid events from the contract examples', () => {
    for (let index = 0; index < 8; index += 1) {
      const result = validateMessage(JSON.stringify(validEvent(index)));
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
  });

  it.each(Object.keys(INVALID_KINDS))('%s really breaks the contract', (kind) => {
    const result = validateMessage(new Uint8Array(INVALID_KINDS[kind]!()));
    expect(result.ok).toBe(false);
  });

  it('has at least 20 kinds of invalid message', () => {
    expect(Object.keys(INVALID_KINDS).length).toBeGreaterThanOrEqual(20);
  });
});

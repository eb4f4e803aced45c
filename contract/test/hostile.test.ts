import { describe, expect, it } from 'vitest';
import { hostileCorpus } from '../testing/index.js';
import { validateMessage } from '../src/index.js';
import { NOW } from './support.js';

describe('hostile corpus against the contract', () => {
  const corpus = hostileCorpus();

  it('holds at least 50 distinct messages with distinct names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(new Set(corpus.map((m) => m.name)).size).toBe(corpus.length);
    expect(new Set(corpus.map((m) => m.data.toString('base64'))).size).toBe(corpus.length);
  });

  for (const message of corpus) {
    it(message.name, () => {
      const result = validateMessage(message.data, { now: NOW });
      if ('land' in message.expect) {
        expect(result.ok ? 'ok' : JSON.stringify(result)).toBe('ok');
      } else {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.reason).toBe(message.expect.reason);
        if (message.expect.code)
          expect(result.issues.map((i) => i.code)).toContain(message.expect.code);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { median } from '../src/median.js';

describe('median', () => {
  it('is the middle value of an odd count, in any order', () => {
    expect(median([9, 1, 4])).toBe(4);
    expect(median([7])).toBe(7);
  });

  it('is the mean of the middle two of an even count', () => {
    expect(median([10, 2, 8, 4])).toBe(6);
  });

  it('sorts numerically and leaves its input as it was', () => {
    const values = [10, 9, 2];
    expect(median(values)).toBe(9);
    expect(values).toEqual([10, 9, 2]);
  });
});

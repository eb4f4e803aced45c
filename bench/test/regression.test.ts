import { describe, expect, it } from 'vitest';
import { linearFit, planeFit } from '../support/regression.js';

/** A repeatable wobble in [-1, 1], so the fits have residuals to size their intervals by. */
const wobble = (index: number): number => Math.sin(index * 12.9898) * 0.999;

describe('least-squares fits', () => {
  it('a line recovers the slope of a sawtooth around a trend, with an interval that holds it', () => {
    const points = Array.from({ length: 30 }, (_, x) => ({
      x,
      y: 400 + 0.3 * x + ((x % 5) - 2) * 3,
    }));
    const fit = linearFit(points);
    expect(Math.abs(fit.slope - 0.3)).toBeLessThan(fit.slope95);
    expect(fit.slope95).toBeLessThan(0.5);
    expect(linearFit([{ x: 1, y: 2 }]).slope).toBeNaN();
  });

  it('a plane credits each of two causes that grow together with its own share', () => {
    // y depends on x2 only; x1 grows with x2, so a line through x1 alone would credit it.
    const points = Array.from({ length: 25 }, (_, index) => {
      const x1 = index;
      const x2 = 8 + 1.2 * index + 6 * wobble(index);
      return { x1, x2, y: 1.5 + 0.4 * x2 + 0.3 * wobble(index + 100) };
    });
    expect(linearFit(points.map((p) => ({ x: p.x1, y: p.y }))).slope).toBeGreaterThan(0.4);
    const fit = planeFit(points);
    expect(Math.abs(fit.slope1)).toBeLessThan(fit.slope1_95);
    expect(Math.abs(fit.slope2 - 0.4)).toBeLessThan(fit.slope2_95);
    expect(fit.slope2_95).toBeLessThan(0.1);
    expect(fit.intercept).toBeCloseTo(1.5, 0);
  });

  it('a plane says nothing where one cause is a multiple of the other or the points are too few', () => {
    const collinear = Array.from({ length: 10 }, (_, x) => ({
      x1: x,
      x2: 2 * x,
      y: x + wobble(x),
    }));
    expect(planeFit(collinear).slope1).toBeNaN();
    expect(planeFit(collinear.slice(0, 3)).slope2).toBeNaN();
  });
});

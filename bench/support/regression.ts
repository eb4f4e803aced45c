/** A least-squares line through points, with how sure the slope is. */
export interface LinearFit {
  /** Change of y per unit of x. */
  readonly slope: number;
  readonly intercept: number;
  /** Half-width of the slope's 95 % confidence interval (normal approximation; NaN below 3 points). */
  readonly slope95: number;
  readonly points: number;
}

/**
 * Ordinary least squares of `y` on `x`. Over many samples of a sawtooth (a process that allocates
 * and frees in rounds) the slope is the trend, which the difference of two samples is not.
 */
export function linearFit(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, slope95: Number.NaN, points: n };
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0)
    return { slope: Number.NaN, intercept: Number.NaN, slope95: Number.NaN, points: n };
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let residuals = 0;
  for (const p of points) residuals += (p.y - (intercept + slope * p.x)) ** 2;
  const slope95 = n > 2 ? 1.96 * Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept, slope95, points: n };
}

/** A least-squares plane through points, with how sure each slope is. */
export interface PlaneFit {
  /** Change of y per unit of x1 with x2 held equal, and the half-width of its 95 % interval. */
  readonly slope1: number;
  readonly slope1_95: number;
  /** Change of y per unit of x2 with x1 held equal, and the half-width of its 95 % interval. */
  readonly slope2: number;
  readonly slope2_95: number;
  readonly intercept: number;
  readonly points: number;
}

/**
 * Ordinary least squares of `y` on `x1` and `x2`. Where two causes grow together (the rows landed
 * and the length of the dbt round beside a poll), a line through one of them credits it with both;
 * the plane tells them apart as far as the points let it. NaN where they do not (fewer than four
 * points, or one cause a multiple of the other).
 */
export function planeFit(points: readonly { x1: number; x2: number; y: number }[]): PlaneFit {
  const n = points.length;
  const none: PlaneFit = {
    slope1: Number.NaN,
    slope1_95: Number.NaN,
    slope2: Number.NaN,
    slope2_95: Number.NaN,
    intercept: Number.NaN,
    points: n,
  };
  if (n < 4) return none;
  const mean = (of: (p: (typeof points)[number]) => number): number =>
    points.reduce((sum, p) => sum + of(p), 0) / n;
  const [m1, m2, my] = [mean((p) => p.x1), mean((p) => p.x2), mean((p) => p.y)];
  let s11 = 0;
  let s22 = 0;
  let s12 = 0;
  let s1y = 0;
  let s2y = 0;
  for (const p of points) {
    const [d1, d2, dy] = [p.x1 - m1, p.x2 - m2, p.y - my];
    s11 += d1 * d1;
    s22 += d2 * d2;
    s12 += d1 * d2;
    s1y += d1 * dy;
    s2y += d2 * dy;
  }
  const determinant = s11 * s22 - s12 * s12;
  if (!(Math.abs(determinant) > 1e-12 * s11 * s22)) return none;
  const slope1 = (s22 * s1y - s12 * s2y) / determinant;
  const slope2 = (s11 * s2y - s12 * s1y) / determinant;
  const intercept = my - slope1 * m1 - slope2 * m2;
  let residuals = 0;
  for (const p of points) residuals += (p.y - (intercept + slope1 * p.x1 + slope2 * p.x2)) ** 2;
  const variance = residuals / (n - 3);
  return {
    slope1,
    slope1_95: 1.96 * Math.sqrt((variance * s22) / determinant),
    slope2,
    slope2_95: 1.96 * Math.sqrt((variance * s11) / determinant),
    intercept,
    points: n,
  };
}

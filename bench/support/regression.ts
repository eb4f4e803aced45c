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

/** Latency statistics. Percentiles interpolate linearly between order statistics (numpy's default). */

export interface LatencySummary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** q in [0, 1] over values sorted ascending. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[sorted.length - 1];
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac;
}

/** Typed-array sort is numeric (Array#sort compares strings). */
export function sortedCopy(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const mean = n ? sorted.reduce((a, b) => a + b, 0) / n : Number.NaN;
  return {
    n,
    min: n ? sorted[0] : Number.NaN,
    mean,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: n ? sorted[n - 1] : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return quantile(sortedCopy(values), 0.5);
}

/** Field-wise median over rounds; n is the total over rounds. */
export function medianOfRounds(rounds: readonly LatencySummary[]): LatencySummary {
  const field = (k: keyof LatencySummary) => median(rounds.map((r) => r[k]));
  return {
    n: rounds.reduce((a, r) => a + r.n, 0),
    min: field("min"),
    mean: field("mean"),
    p50: field("p50"),
    p90: field("p90"),
    p95: field("p95"),
    p99: field("p99"),
    max: field("max"),
  };
}

/** Evenly spaced quantiles (0, 1/(points-1), …, 1): a compact picture of a distribution for JSON and charts. */
export function quantileCurve(values: readonly number[], points = 101): number[] {
  const sorted = sortedCopy(values);
  if (!sorted.length) return [];
  return Array.from({ length: points }, (_, i) => quantile(sorted, i / (points - 1)));
}

/** a ÷ b; Infinity when only b is zero (ours finds it, the baseline never does), NaN when both are. */
export function ratio(a: number, b: number): number {
  if (b > 0) return a / b;
  return b === 0 && a > 0 ? Infinity : Number.NaN;
}

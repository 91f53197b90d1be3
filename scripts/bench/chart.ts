/**
 * An SVG chart of latency distributions: one horizontal box plot per operation on a log-scale
 * millisecond axis. Box = p25–p75, thick line = median, whiskers = p1–p99, dot = max.
 */

export interface ChartSeries {
  label: string;
  /** 101 evenly spaced quantiles (0, 0.01, …, 1) in ms, as from quantileCurve. */
  quantiles: number[];
  n: number;
  /** A muted colour for peers and baselines. */
  peer?: boolean;
}

export interface ChartOptions {
  title: string;
  subtitle?: string;
}

const WIDTH = 980;
const LEFT = 260;
const RIGHT = 90;
const TOP = 74;
const ROW = 48;
const BOTTOM = 70;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Decade bounds that contain every value: [10^floor(log10 min), 10^ceil(log10 max)]. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) return [0.1, 1000];
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...positive))));
  let hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...positive))));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}

/** Ticks at 1, 2 and 5 × each power of ten inside [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * Math.pow(10, e);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(Number(v.toPrecision(6)));
    }
  }
  return ticks;
}

export function tickLabel(v: number): string {
  return v >= 1 ? String(v) : String(Number(v.toPrecision(1)));
}

export function latencyChartSvg(series: readonly ChartSeries[], opts: ChartOptions): string {
  const drawn = series.filter((s) => s.quantiles.length === 101);
  const [lo, hi] = logDomain(drawn.flatMap((s) => [s.quantiles[1], s.quantiles[100]]));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + (plotWidth * (Math.log10(Math.min(hi, Math.max(lo, v))) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  const height = TOP + ROW * drawn.length + BOTTOM;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="20" y="26" font-size="17" font-weight="600" fill="#111">${escapeXml(opts.title)}</text>`);
  if (opts.subtitle) out.push(`<text x="20" y="46" fill="#555">${escapeXml(opts.subtitle)}</text>`);

  const plotBottom = TOP + ROW * drawn.length;
  // With many decades there is no room to label 2 and 5: their grid lines stay, unlabelled.
  const labelMinor = plotWidth / (Math.log10(hi) - Math.log10(lo)) >= 150;
  for (const t of logTicks(lo, hi)) {
    const major = Number.isInteger(Number(Math.log10(t).toFixed(9)));
    out.push(`<line x1="${x(t).toFixed(1)}" y1="${TOP - 8}" x2="${x(t).toFixed(1)}" y2="${plotBottom}" stroke="${major ? "#bbb" : "#e6e6e6"}"/>`);
    if (major || labelMinor) out.push(`<text x="${x(t).toFixed(1)}" y="${plotBottom + 18}" text-anchor="middle" fill="#444">${tickLabel(t)}</text>`);
  }
  out.push(`<text x="${LEFT + plotWidth / 2}" y="${plotBottom + 40}" text-anchor="middle" fill="#222">latency per request, ms (log scale)</text>`);
  out.push(`<text x="${LEFT}" y="${plotBottom + 60}" fill="#666" font-size="11">box p25–p75 · thick line median · whiskers p1–p99 · dot max · every timed request of every round</text>`);

  drawn.forEach((s, i) => {
    const q = s.quantiles;
    const mid = TOP + ROW * i + ROW / 2;
    const fill = s.peer ? "#d9d9d9" : "#9ecae1";
    const stroke = s.peer ? "#666" : "#1f5f8b";
    out.push(`<g>`);
    out.push(`<text x="${LEFT - 12}" y="${mid - 2}" text-anchor="end" fill="#111">${escapeXml(s.label)}</text>`);
    out.push(`<text x="${LEFT - 12}" y="${mid + 14}" text-anchor="end" fill="#777" font-size="11">n = ${s.n.toLocaleString("en-US")}</text>`);
    out.push(`<line x1="${x(q[1]).toFixed(1)}" y1="${mid}" x2="${x(q[99]).toFixed(1)}" y2="${mid}" stroke="${stroke}"/>`);
    for (const w of [q[1], q[99]]) out.push(`<line x1="${x(w).toFixed(1)}" y1="${mid - 7}" x2="${x(w).toFixed(1)}" y2="${mid + 7}" stroke="${stroke}"/>`);
    out.push(`<rect x="${x(q[25]).toFixed(1)}" y="${mid - 12}" width="${Math.max(1, x(q[75]) - x(q[25])).toFixed(1)}" height="24" fill="${fill}" stroke="${stroke}"/>`);
    out.push(`<line x1="${x(q[50]).toFixed(1)}" y1="${mid - 12}" x2="${x(q[50]).toFixed(1)}" y2="${mid + 12}" stroke="${stroke}" stroke-width="3"/>`);
    out.push(`<circle cx="${x(q[100]).toFixed(1)}" cy="${mid}" r="3" fill="${stroke}"/>`);
    out.push(`<text x="${(WIDTH - RIGHT + 8).toFixed(1)}" y="${mid + 4}" fill="#333">p50 ${formatMs(q[50])}</text>`);
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function formatMs(v: number): string {
  return v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : v.toFixed(0);
}

import { describe, expect, it } from "vitest";
import { latencyChartSvg, logDomain, logTicks, tickLabel } from "../../scripts/bench/chart.js";
import { quantileCurve } from "../../scripts/bench/stats.js";

describe("log scale", () => {
  it("rounds the domain out to whole decades", () => {
    expect(logDomain([0.35, 42])).toEqual([0.1, 100]);
    expect(logDomain([1, 1])).toEqual([1, 10]);
    expect(logDomain([])).toEqual([0.1, 1000]);
  });

  it("ticks at 1, 2 and 5 of each decade", () => {
    expect(logTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(tickLabel(0.2)).toBe("0.2");
    expect(tickLabel(500)).toBe("500");
  });
});

describe("latencyChartSvg", () => {
  const series = [
    { label: "search · c=1", quantiles: quantileCurve([1, 2, 3, 4, 50]), n: 5 },
    { label: "raw <FTS5>", quantiles: quantileCurve([0.05, 0.1, 0.2]), n: 3, peer: true },
  ];
  const svg = latencyChartSvg(series, { title: "Latency & more", subtitle: "test run" });

  it("is an SVG document with one box per series and escaped labels", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect [^>]*stroke=/g)).toHaveLength(2);
    expect(svg).toContain("raw &lt;FTS5&gt;");
    expect(svg).toContain("Latency &amp; more");
    expect(svg).toContain("n = 5");
    expect(svg).toContain("log scale");
  });

  it("labels the axis over the decades the data covers", () => {
    for (const tick of [">0.01<", ">0.1<", ">1<", ">10<", ">100<"]) expect(svg).toContain(tick);
  });
});

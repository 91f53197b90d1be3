import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, storeArticles, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();

const RATES =
  "The central bank raised its main interest rate by half a point on Tuesday, citing inflation that has stayed above target for a year. " +
  "Economists had expected a smaller move; the governor said further increases were possible if prices kept rising.";
const CODE =
  "Parliament approved the new electoral code after a night of debate. The opposition walked out before the vote and promised to appeal to the constitutional court.";

/** Two copies and an update of one event, a story on the same subject in other words, the same text again weeks later. */
const ARTICLES: Record<string, Record<string, unknown>> = {
  "sto-rates-1": { title: "Central bank raises interest rate by half a point", body: RATES, publishedAt: hoursAgo(30) },
  "sto-rates-2": { title: "Central bank raises its main rate", body: `${RATES} Markets fell after the announcement.`, publishedAt: hoursAgo(20) },
  "sto-rates-3": { title: "Rate rise: markets fall, currency gains", body: `${RATES} Markets fell after the announcement and the currency gained against the dollar.`, publishedAt: hoursAgo(10) },
  "sto-rates-other": {
    title: "Bank governor warns interest rates may rise again",
    body: "Inflation stays above target, the governor warned in a speech to bankers, and the interest rate could rise again within months if prices and wages keep climbing.",
    publishedAt: hoursAgo(8),
  },
  "sto-rates-old": { title: "Central bank raises interest rate by half a point", body: RATES, publishedAt: hoursAgo(24 * 30) },
  "sto-code-1": { title: "Electoral code approved", body: CODE, publishedAt: hoursAgo(5) },
};

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
  // One at a time, as a newsroom publishes: each later copy finds the earlier ones in the index.
  for (const [id, a] of Object.entries(ARTICLES)) await storeArticles(rt, { [id]: a });
});
afterAll(async () => rt?.stop());

async function storyOf(id: string): Promise<string> {
  const res = await rt.call("GET", `/v1/search?q=&limit=50`, { key: null });
  const body = (await res.json()) as { hits: Array<{ id: string; storyId: string }> };
  const hit = body.hits.find((h) => h.id === id);
  if (!hit) throw new Error(`${id} not found`);
  return hit.storyId;
}

describe("stories at index time", () => {
  it("puts copies and updates of one event in the first one's story, and nothing else", async () => {
    expect(await storyOf("sto-rates-1")).toBe("sto-rates-1");
    expect(await storyOf("sto-rates-2")).toBe("sto-rates-1");
    expect(await storyOf("sto-rates-3")).toBe("sto-rates-1");
    // Same subject in other words, a copy outside the window, another event: their own stories.
    expect(await storyOf("sto-rates-other")).toBe("sto-rates-other");
    expect(await storyOf("sto-rates-old")).toBe("sto-rates-old");
    expect(await storyOf("sto-code-1")).toBe("sto-code-1");
  });

  it("keeps an article's story when it is edited", async () => {
    const res = await rt.call("PUT", "/v1/articles/sto-rates-3", {
      key: TEST_WRITER_KEY,
      body: { ...ARTICLES["sto-rates-3"], body: CODE, url: "https://news.example/sto-rates-3", language: "en" },
    });
    expect(res.status).toBe(200);
    await rt.indexed();
    expect(await storyOf("sto-rates-3")).toBe("sto-rates-1");
  });
});

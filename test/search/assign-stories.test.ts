import { describe, expect, it } from "vitest";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";
import { assignStories, toSearchDocument } from "../../functions/search/indexer.js";
import { profileOf, type StoredProfile } from "../../functions/recommend/profile.js";
import type { Article } from "../../functions/articles/model.js";

const RATES =
  "The central bank raised its main interest rate by half a point on Tuesday, citing inflation that has stayed above target for a year. " +
  "Economists had expected a smaller move; the governor said further increases were possible if prices kept rising.";
const CODE =
  "Parliament approved the new electoral code after a night of debate. The opposition walked out before the vote and promised to appeal to the constitutional court.";
const FLOOD =
  "Heavy rain flooded the river valley overnight and emergency services moved hundreds of families to schools on higher ground. The dam held, officials said.";

const at = Date.UTC(2026, 2, 10);
const hoursAfter = (h: number) => new Date(at + h * 3600_000).toISOString();

function article(id: string, title: string, body: string, publishedAt: string): Article {
  return {
    id, title, body, publishedAt, summary: "", url: null, section: null, tags: [], authors: [], language: "en", imageUrl: null,
    updatedAt: publishedAt, createdAt: publishedAt, version: 1, status: "published",
  } as unknown as Article;
}

/** Copies, updates and other events, some already indexed (the engine's candidates), the rest in one batch. */
const INDEXED = [article("rates-1", "Central bank raises interest rate by half a point", RATES, hoursAfter(0)), article("code-1", "Electoral code approved", CODE, hoursAfter(1))];
const BATCH = [
  article("rates-2", "Central bank raises its main rate", `${RATES} Markets fell after the announcement.`, hoursAfter(5)),
  article("flood-1", "River valley flooded", FLOOD, hoursAfter(6)),
  article("code-2", "Electoral code passes after walkout", `${CODE} The president is expected to sign it next week.`, hoursAfter(7)),
  article("flood-2", "Families moved as river floods", `${FLOOD} More rain is forecast for Thursday.`, hoursAfter(8)),
  article("rates-old", "Central bank raises interest rate by half a point", RATES, hoursAfter(24 * 30)),
  ...Array.from({ length: 40 }, (_, i) => article(`other-${i}`, `Unrelated report ${i}`, `Report number ${i} on subject ${i * 7919} with words w${i}a w${i}b w${i}c w${i}d.`, hoursAfter(9 + i))),
];

async function assign(observe: boolean): Promise<Map<string, string>> {
  const engine = await createEmbeddedEngine({ path: ":memory:" });
  const stored = new Map<string, StoredProfile>();
  const indexed = INDEXED.map(profileOf);
  await assignStories(engine, { get: async () => new Map() }, indexed);
  for (const p of indexed) stored.set(p.id, p);
  await engine.upsert(INDEXED.map((a, i) => toSearchDocument(a, indexed[i])));
  const profiles = { get: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : []))) };
  const made = BATCH.map(profileOf);
  let seen = 0;
  await assignStories(engine, profiles, made, undefined, observe ? (_, candidates) => void (seen += candidates.length) : undefined);
  await engine.close();
  if (observe) expect(seen).toBeGreaterThan(BATCH.length); // the observer is shown every candidate
  return new Map(made.map((p) => [p.id, p.storyId!]));
}

describe("assignStories within one batch", () => {
  it("joins copies to the indexed story or to an earlier article of the batch, and starts the rest", async () => {
    const stories = await assign(false);
    expect(stories.get("rates-2")).toBe("rates-1");
    expect(stories.get("code-2")).toBe("code-1");
    expect(stories.get("flood-1")).toBe("flood-1");
    expect(stories.get("flood-2")).toBe("flood-1");
    expect(stories.get("rates-old")).toBe("rates-old"); // the same text, outside the window
    for (let i = 0; i < 40; i++) expect(stories.get(`other-${i}`)).toBe(`other-${i}`);
  });

  it("chooses as comparing every candidate in full does (the observed run skips nothing)", async () => {
    expect(await assign(false)).toEqual(await assign(true));
  });
});

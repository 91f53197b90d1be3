/**
 * The behaviour every SearchEngine adapter must have. Each adapter's test file calls
 * runSearchEngineContract with a factory; one engine serves the file and is cleared before each
 * test, and every test seeds the documents it needs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { searchKey, words } from "../../functions/text/index.js";
import { MAX_TOTAL_HITS, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResult } from "../../functions/search/engine.js";

let sequence = 0;
const run = Math.random().toString(36).slice(2, 8);

/** A document with sensible defaults; ids are unique across the run, dates increase with creation. */
export function article(fields: Partial<SearchDocument> & { title: string }): SearchDocument {
  sequence++;
  return {
    id: `ct-${run}-${sequence}`,
    summary: "",
    body: "",
    url: `https://news.example.com/${run}/${sequence}`,
    section: "politics",
    tags: [],
    authors: [],
    language: "en",
    publishedAt: new Date(Date.UTC(2024, 0, 1) + sequence * 60_000).toISOString(),
    imageUrl: null,
    ...fields,
  };
}

export function request(q: string, overrides: Partial<SearchRequest> = {}): SearchRequest {
  return { q, filters: {}, sort: "relevance", page: 1, limit: 10, facets: [], ...overrides };
}

const ids = (result: SearchResult) => result.hits.map((h) => h.id);

/** Every tag in a highlighted string is <mark> or </mark>; no raw <, > or " survives. */
function expectOnlyMarks(html: string): void {
  const withoutMarks = html.replace(/<\/?mark>/g, "");
  expect(withoutMarks).not.toMatch(/[<>"]/);
}

/** The text a reader sees in highlighted HTML. */
function visibleText(html: string): string {
  return html
    .replace(/<\/?mark>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The words inside <mark> tags, lower-cased. */
function marked(html: string): string[] {
  return [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => visibleText(m[1]).toLowerCase());
}

export function runSearchEngineContract(label: string, create: () => Promise<SearchEngine>): void {
  describe(`search engine contract: ${label}`, () => {
    let engine: SearchEngine;

    beforeAll(async () => {
      engine = await create();
      await engine.init();
    });

    beforeEach(async () => {
      await engine.clear();
      await engine.setSynonyms([]);
    });

    afterAll(async () => {
      await engine?.close();
    });

    async function seed(...docs: SearchDocument[]): Promise<SearchDocument[]> {
      await engine.upsert(docs);
      return docs;
    }

    const search = (q: string, overrides: Partial<SearchRequest> = {}) => engine.search(request(q, overrides));

    describe("documents", () => {
      it("is reachable and its init can run again", async () => {
        expect(await engine.ping()).toBe(true);
        await engine.init();
        expect(await engine.count()).toBe(0);
      });

      it("upserts, replaces by id, removes and clears", async () => {
        const [a, b] = await seed(article({ title: "Senate passes the farm bill" }), article({ title: "Governor signs water accord" }));
        expect(await engine.count()).toBe(2);

        await engine.upsert([{ ...a, title: "Senate rejects the farm bill" }]);
        expect(await engine.count()).toBe(2);
        expect(ids(await search("passes"))).toEqual([]);
        const replaced = await search("rejects");
        expect(ids(replaced)).toEqual([a.id]);
        expect(replaced.hits[0].title).toBe("Senate rejects the farm bill");

        await engine.upsert([{ ...a, title: "Senate rejects the farm bill" }]);
        expect(await engine.count()).toBe(2);

        await engine.remove([a.id, "no-such-id"]);
        expect(await engine.count()).toBe(1);
        expect(ids(await search("senate"))).toEqual([]);
        expect(ids(await search("governor"))).toEqual([b.id]);

        await engine.clear();
        expect(await engine.count()).toBe(0);
        expect((await search("")).total).toBe(0);
      });

      it("returns the public fields of each hit", async () => {
        const [doc] = await seed(
          article({
            title: "Budget vote delayed",
            summary: "The vote moves to March.",
            body: "Lawmakers delayed the budget vote.",
            tags: ["budget"],
            authors: ["Ann Lee"],
            imageUrl: "https://img.example.com/1.jpg",
          }),
        );
        const hit = (await search("budget")).hits[0];
        expect(hit).toMatchObject({
          id: doc.id,
          title: doc.title,
          url: doc.url,
          summary: doc.summary,
          publishedAt: doc.publishedAt,
          tags: ["budget"],
          authors: ["Ann Lee"],
          imageUrl: doc.imageUrl,
          language: "en",
          section: "politics",
        });
        expect(typeof hit.highlight.title).toBe("string");
        expect(typeof hit.highlight.snippet).toBe("string");
      });
    });

    describe("more like this (related-story candidates)", () => {
      /** A document whose key terms are its body's words, as the indexer derives them. */
      const withKeys = (title: string, body: string) => article({ title, body, keyTerms: [...new Set(words(`${title} ${body}`).map((w) => searchKey(w, "en")))] });
      const termsOf = (doc: SearchDocument) => (doc.keyTerms ?? []).map((term) => ({ term, weight: 1 }));

      it("finds the documents that share the source's key terms, most shared first, never the source or a removed one", async () => {
        const source = withKeys("Delimitation treaty", "border delimitation treaty corridor negotiators");
        const close = withKeys("Corridor and delimitation", "treaty corridor delimitation negotiators met");
        const partial = withKeys("Corridor works", "corridor roadworks");
        const unrelated = withKeys("Harvest festival", "pumpkins apples orchard");
        const removed = withKeys("Treaty corridor delimitation", "border delimitation treaty corridor negotiators");
        await seed(source, close, partial, unrelated, removed);
        await engine.remove([removed.id]);
        const found = (await engine.moreLikeThis({ id: source.id, terms: termsOf(source), limit: 10 })).map((m) => m.id);
        expect(found[0]).toBe(close.id);
        expect(found).toContain(partial.id);
        expect(found).not.toContain(source.id);
        expect(found).not.toContain(unrelated.id);
        expect(found).not.toContain(removed.id);
        expect(await engine.moreLikeThis({ id: source.id, terms: [], limit: 10 })).toEqual([]);
      });

      it("hands back each candidate's related profile as last indexed, and none for a document indexed without one", async () => {
        const source = withKeys("Delimitation treaty", "border delimitation treaty corridor negotiators");
        const kept = { ...withKeys("Corridor and delimitation", "treaty corridor delimitation negotiators met"), related: '{"v":1}' };
        const bare = withKeys("Treaty corridor", "delimitation treaty corridor negotiators");
        const dropped = { ...withKeys("Corridor delimitation talks", "treaty corridor delimitation negotiators"), related: '{"v":1}' };
        await seed(source, kept, bare, dropped);
        await engine.upsert([{ ...kept, related: '{"v":2}' }, { ...dropped, related: undefined }]);
        const found = new Map((await engine.moreLikeThis({ id: source.id, terms: termsOf(source), limit: 10 })).map((m) => [m.id, m]));
        expect([...found.keys()].sort()).toEqual([bare.id, dropped.id, kept.id].sort());
        expect(found.get(kept.id)!.related).toBe('{"v":2}');
        expect(found.get(bare.id)).not.toHaveProperty("related");
        expect(found.get(dropped.id)).not.toHaveProperty("related");
        // A profile is never a search hit's field.
        expect((await search("corridor")).hits.every((h) => !("related" in h))).toBe(true);
      });

      it("keeps to a publication window when given one (story candidates)", async () => {
        const source = { ...withKeys("Tariff ruling", "tariff ruling appeal steelmakers"), publishedAt: "2025-05-10T12:00:00.000Z" };
        const inside = { ...withKeys("Tariff appeal", "tariff ruling appeal steelmakers lodged"), publishedAt: "2025-05-12T08:00:00.000Z" };
        const outside = { ...withKeys("Tariff appeal again", "tariff ruling appeal steelmakers lodged"), publishedAt: "2025-06-20T08:00:00.000Z" };
        await seed(source, inside, outside);
        const within = { from: "2025-05-03T12:00:00.000Z", to: "2025-05-17T12:00:00.000Z" };
        const found = (await engine.moreLikeThis({ id: source.id, terms: termsOf(source), limit: 10, within })).map((m) => m.id);
        expect(found).toContain(inside.id);
        expect(found).not.toContain(outside.id);
        expect((await engine.moreLikeThis({ id: source.id, terms: termsOf(source), limit: 10 })).map((m) => m.id)).toContain(outside.id);
      });
    });

    describe("stories", () => {
      it("names each hit's story: the one indexed, else the document's own id", async () => {
        const [a, b] = await seed(article({ title: "Tariff ruling appealed", storyId: "story-tariff" }), article({ title: "Tariff talks resume" }));
        const hits = new Map((await search("tariff")).hits.map((h) => [h.id, h.storyId]));
        expect(hits.get(a.id)).toBe("story-tariff");
        expect(hits.get(b.id)).toBe(b.id);
      });

      it("collapse=story shows one hit per story, its best, counts stories and pages over them", async () => {
        const [best, copy, update, other, lone] = await seed(
          article({ title: "Grain tariff ruling appealed by millers", storyId: "s-grain" }),
          article({ title: "Grain tariff appealed", body: "millers", storyId: "s-grain" }),
          article({ title: "Update: grain tariff appeal heard", storyId: "s-grain" }),
          article({ title: "Grain tariff and millers: an explainer", storyId: "s-explainer" }),
          article({ title: "Grain tariff" }),
        );
        const plain = await search("grain tariff");
        expect(plain.total).toBe(5);
        const collapsed = await search("grain tariff", { collapse: "story" });
        expect(collapsed.total).toBe(3);
        expect(collapsed.hits.map((h) => h.storyId).sort()).toEqual(["s-explainer", "s-grain", lone.id].sort());
        // The story is shown by whichever of its articles ranks best without collapsing.
        const firstOfGrain = plain.hits.find((h) => h.storyId === "s-grain")!.id;
        expect(collapsed.hits.find((h) => h.storyId === "s-grain")!.id).toBe(firstOfGrain);
        expect([best.id, copy.id, update.id]).toContain(firstOfGrain);
        const page2 = await search("grain tariff", { collapse: "story", page: 2, limit: 2 });
        expect(page2.total).toBe(3);
        expect(page2.hits).toHaveLength(1);
        expect(page2.hits[0].id).toBe(collapsed.hits[2].id);
        // Browsing (no words) collapses too: the newest article of each story.
        const newest = await search("", { collapse: "story" });
        expect(newest.total).toBe(3);
        expect(newest.hits.map((h) => h.id)).toEqual([lone.id, other.id, update.id]);
      });
    });

    describe("matching and ranking", () => {
      it("puts a title match before a body match", async () => {
        const [inBody, inTitle] = await seed(
          article({ title: "Weekly roundup", body: "Among other things the pension reform was debated." }),
          article({ title: "Pension reform debated", body: "A long debate." }),
        );
        expect(ids(await search("pension reform"))).toEqual([inTitle.id, inBody.id]);
      });

      it("puts a summary match before a body match", async () => {
        const [inSummary, inBody] = await seed(
          article({ title: "Morning briefing", summary: "Pension reform tops the agenda.", publishedAt: "2024-01-01T00:00:00Z" }),
          article({ title: "Evening briefing", body: "Pension reform was also mentioned.", publishedAt: "2024-01-02T00:00:00Z" }),
        );
        expect(ids(await search("pension reform"))).toEqual([inSummary.id, inBody.id]);
        expect(ids(await search("pensio"))).toEqual([inSummary.id, inBody.id]);
      });

      it("ranks fewer typos before a better attribute", async () => {
        const [typoInTitle, exactInBody] = await seed(
          article({ title: "Pensoin reform", publishedAt: "2024-01-02T00:00:00Z" }),
          article({ title: "Weekly roundup", body: "The pension system was discussed.", publishedAt: "2024-01-01T00:00:00Z" }),
        );
        expect(ids(await search("pension"))).toEqual([exactInBody.id, typoInTitle.id]);
      });

      it("ranks an exact word in the body before a misspelt one in the body", async () => {
        const [exact, misspelt] = await seed(
          article({ title: "Weekly roundup", body: "The pension system was discussed.", publishedAt: "2024-01-01T00:00:00Z" }),
          article({ title: "Daily roundup", body: "The pensoin system was discussed.", publishedAt: "2024-01-02T00:00:00Z" }),
        );
        expect(ids(await search("pension system"))).toEqual([exact.id, misspelt.id]);
      });

      it("ranks documents with every word first, then fills the page dropping words from the end", async () => {
        const [both, first, last] = await seed(
          article({ title: "Coalition talks resume", publishedAt: "2024-01-01T00:00:00Z" }),
          article({ title: "Coalition partners meet", publishedAt: "2024-01-03T00:00:00Z" }),
          article({ title: "Talks about talks", publishedAt: "2024-01-02T00:00:00Z" }),
        );
        expect(ids(await search("coalition talks", { limit: 1 }))).toEqual([both.id]);
        const filled = ids(await search("coalition talks"));
        expect(filled[0]).toBe(both.id);
        expect(filled).toContain(first.id);
        expect(filled).not.toContain(last.id);

        const fallback = await search("coalition zyxwvut");
        expect(new Set(ids(fallback))).toEqual(new Set([both.id, first.id]));
      });

      it("ranks adjacent words before scattered ones, even when the scattered ones come earlier", async () => {
        const [scattered, adjacent] = await seed(
          article({ title: "Interest groups lobby as the bank holds rates", publishedAt: "2024-02-02T00:00:00Z" }),
          article({ title: "Analysts at the central bank expect higher interest rates", publishedAt: "2024-02-01T00:00:00Z" }),
        );
        expect(ids(await search("interest rates"))).toEqual([adjacent.id, scattered.id]);
      });

      it("breaks ties between equally relevant stories by recency", async () => {
        const older = article({ title: "Tariff talks stall", publishedAt: "2024-03-01T08:00:00Z" });
        const newer = article({ title: "Tariff talks stall", publishedAt: "2024-03-02T08:00:00Z" });
        // Indexed newest first, so the order cannot come from indexing order.
        await seed(newer, older);
        expect(ids(await search("tariff talks"))).toEqual([newer.id, older.id]);
      });

      it("tolerates typos by word length: none below 5 letters, one from 5, two from 9", async () => {
        const [government, infrastructure, vote] = await seed(
          article({ title: "Government resigns" }),
          article({ title: "Infrastructure plan approved" }),
          article({ title: "Vote postponed" }),
        );
        expect(ids(await search("goverment"))).toEqual([government.id]); // one deletion
        expect(ids(await search("govermnent"))).toEqual([government.id]); // a swap is one typo
        expect(ids(await search("goevrmnent"))).toEqual([government.id]); // two swaps, 10 letters
        expect(ids(await search("goevrmnetn"))).toEqual([]); // three typos
        expect(ids(await search("infrastuctre"))).toEqual([infrastructure.id]); // two deletions
        expect(ids(await search("governmnt resigns"))).toEqual([government.id]);
        expect(ids(await search("votte"))).toEqual([vote.id]); // 5 letters: one typo
        expect(ids(await search("vite"))).toEqual([]); // 4 letters: none
        expect(ids(await search("postpomed"))).toEqual([vote.id]);
        expect(ids(await search("pstpomed"))).toEqual([]); // 8 letters: one typo only
      });

      it("does not apply typos to numbers", async () => {
        const [y2023] = await seed(article({ title: "Results of 2023 elections" }));
        expect(ids(await search("2023"))).toEqual([y2023.id]);
        expect(ids(await search("20233"))).toEqual([]);
        expect(ids(await search("2024"))).toEqual([]);
      });

      it("matches the last word as a prefix, and only the last", async () => {
        const [doc] = await seed(article({ title: "Parliament approves budget" }));
        expect(ids(await search("parliam"))).toEqual([doc.id]);
        expect(ids(await search("budget parliam"))).toEqual([doc.id]);
        // Read as a prefix, "parliam" would find the story; as a whole word no story holds it.
        expect(ids(await search("parliam senate"))).toEqual([]);
      });

      it("prefers an exact word over a typo and a prefix", async () => {
        const [prefix, typo, exact] = await seed(
          article({ title: "Minister mentions reformers", publishedAt: "2024-05-03T00:00:00Z" }),
          article({ title: "Minister announces refrom", publishedAt: "2024-05-02T00:00:00Z" }),
          article({ title: "Minister announces reform", publishedAt: "2024-05-01T00:00:00Z" }),
        );
        const found = ids(await search("reform"));
        expect(found[0]).toBe(exact.id);
        expect(found).toContain(prefix.id);
        expect(found).toContain(typo.id);
      });

      it("stems English words", async () => {
        const [doc] = await seed(article({ title: "Parliament voted on the reform" }));
        expect(ids(await search("voting reform"))).toEqual([doc.id]);
      });

      it("sorts by date with sort=newest", async () => {
        const [a, b, c] = await seed(
          article({ title: "Border talks: first round", publishedAt: "2024-02-01T00:00:00Z" }),
          article({ title: "Border talks: third round", publishedAt: "2024-02-03T00:00:00Z" }),
          article({ title: "Talks at the border, second round", publishedAt: "2024-02-02T00:00:00Z" }),
        );
        expect(ids(await search("border talks", { sort: "newest" }))).toEqual([b.id, c.id, a.id]);
      });
    });

    describe("empty query", () => {
      it("lists newest first, with filters, facets, an escaped title and the start of the summary", async () => {
        const [old, middle, recent] = await seed(
          article({ title: "Old <b>story</b>", publishedAt: "2023-01-05T00:00:00Z", tags: ["a"], summary: "Old summary." }),
          article({ title: "Middle story", publishedAt: "2023-06-05T00:00:00Z", tags: ["b"], summary: "Middle summary." }),
          article({ title: "Recent story", publishedAt: "2024-01-05T00:00:00Z", tags: ["a"], summary: "Recent summary." }),
        );
        const all = await search("", { facets: ["tags"] });
        expect(ids(all)).toEqual([recent.id, middle.id, old.id]);
        expect(all.total).toBe(3);
        expect(all.facets.tags).toEqual({ a: 2, b: 1 });

        const oldHit = all.hits[2];
        expect(oldHit.highlight.title).toBe("Old &lt;b&gt;story&lt;/b&gt;");
        expect(visibleText(oldHit.highlight.snippet)).toContain("Old summary.");
        expect(marked(oldHit.highlight.snippet)).toEqual([]);

        const filtered = await search("", { filters: { tags: ["a"] }, facets: ["tags"] });
        expect(ids(filtered)).toEqual([recent.id, old.id]);
        expect(filtered.facets.tags).toEqual({ a: 2 });
      });
    });

    describe("filters", () => {
      it("ORs values within a filter and ANDs different filters", async () => {
        const [ruEconomy, enEconomy, enDefence, azEconomy] = await seed(
          article({ title: "Report one", tags: ["economy"], language: "ru" }),
          article({ title: "Report two", tags: ["economy", "trade"], language: "en", authors: ["Ann Lee"] }),
          article({ title: "Report three", tags: ["defence"], language: "en", authors: ["Bo Kim"] }),
          article({ title: "Report four", tags: ["economy"], language: "az", section: "world" }),
        );
        const byTags = await search("report", { filters: { tags: ["economy", "defence"] } });
        expect(new Set(ids(byTags))).toEqual(new Set([ruEconomy.id, enEconomy.id, enDefence.id, azEconomy.id]));

        const tagAndLanguage = await search("report", { filters: { tags: ["economy"], language: ["en", "az"] } });
        expect(new Set(ids(tagAndLanguage))).toEqual(new Set([enEconomy.id, azEconomy.id]));

        expect(ids(await search("report", { filters: { authors: ["Bo Kim"] } }))).toEqual([enDefence.id]);
        expect(ids(await search("report", { filters: { section: ["world"] } }))).toEqual([azEconomy.id]);
        expect(ids(await search("report", { filters: { tags: ["economy"], authors: ["Bo Kim"] } }))).toEqual([]);
      });

      it("bounds publishedAt inclusively with dates or date-times", async () => {
        const [jan, feb, mar] = await seed(
          article({ title: "Monthly note", publishedAt: "2024-01-31T23:30:00Z" }),
          article({ title: "Monthly note", publishedAt: "2024-02-15T12:00:00Z" }),
          article({ title: "Monthly note", publishedAt: "2024-03-01T00:00:00Z" }),
        );
        const dates = await search("monthly", { filters: { from: "2024-01-31", to: "2024-02-29" } });
        expect(new Set(ids(dates))).toEqual(new Set([jan.id, feb.id]));

        const exact = await search("monthly", { filters: { from: "2024-02-15T12:00:00Z", to: "2024-03-01T00:00:00Z" } });
        expect(new Set(ids(exact))).toEqual(new Set([feb.id, mar.id]));

        const emptyQuery = await search("", { filters: { from: "2024-02-01" } });
        expect(ids(emptyQuery)).toEqual([mar.id, feb.id]);
      });

      it("filters by a list of UTC months, each whole, none between them", async () => {
        const [jan, feb, mar] = await seed(
          article({ title: "Quarterly memo", publishedAt: "2024-01-31T23:30:00Z" }),
          article({ title: "Quarterly memo", publishedAt: "2024-02-15T12:00:00Z" }),
          article({ title: "Quarterly memo", publishedAt: "2024-03-01T00:00:00Z" }),
        );
        expect(new Set(ids(await search("quarterly", { filters: { month: ["2024-01", "2024-03"] } })))).toEqual(new Set([jan.id, mar.id]));
        expect(ids(await search("", { filters: { month: ["2024-02"] } }))).toEqual([feb.id]);
      });

      it("treats hostile filter values as plain values", async () => {
        const tricky = `o'brien "quoted" \\ (x) OR 1=1`;
        const [plain, odd] = await seed(article({ title: "Filter target", tags: ["plain"] }), article({ title: "Filter target", tags: [tricky] }));
        const hostile = [
          `"`,
          `\\`,
          `'`,
          `' OR '1'='1`,
          `plain" OR tags = "plain`,
          `plain') OR ('1'='1`,
          `) OR (1=1`,
          `OR`,
          `*`,
          `tags = plain`,
          `plain; DROP TABLE docs; --`,
          `NOT plain`,
        ];
        for (const value of hostile) {
          for (const filters of [{ tags: [value] }, { authors: [value] }, { language: [value] }, { section: [value] }]) {
            const result = await search("filter", { filters, facets: ["tags"] });
            expect(result.hits).toEqual([]);
            expect(result.total).toBe(0);
          }
        }
        expect(ids(await search("filter", { filters: { tags: [tricky] } }))).toEqual([odd.id]);
        expect(ids(await search("filter", { filters: { tags: ["plain"] } }))).toEqual([plain.id]);
        expect(await engine.count()).toBe(2);
      });

      it("matches values with backslashes exactly: a trailing backslash, a backslash before a quote, an escape-like pair", async () => {
        const values = [`C:\\path\\`, `a\\"b`, `line\\nbreak`];
        const docs = await seed(...values.map((tag) => article({ title: "Backslash target", tags: [tag] })));
        for (const [i, value] of values.entries()) expect(ids(await search("backslash", { filters: { tags: [value] } }))).toEqual([docs[i].id]);
        expect(ids(await search("backslash", { filters: { tags: [`C:\\path`] } }))).toEqual([]);
      });
    });

    describe("query text", () => {
      it("never fails on query syntax and keeps the index intact", async () => {
        const [doc] = await seed(article({ title: "Senate and House reach a deal", body: "Near the end, NOT everyone agreed." }));
        const hostile = [
          `"`,
          `""`,
          `*`,
          `"senate`,
          `senate*`,
          `NEAR(`,
          `NEAR(senate house, 2)`,
          `-senate`,
          `title:senate`,
          `{title}: senate`,
          `^senate`,
          `AND`,
          `OR`,
          `NOT`,
          `senate AND`,
          `OR house`,
          `)`,
          `(senate`,
          `'; DROP TABLE docs; --`,
          `\\`,
          `🙂`,
          `   `,
          `a`.repeat(300),
          Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "),
        ];
        for (const q of hostile) {
          const result = await search(q, { facets: ["tags", "month"] });
          expect(Array.isArray(result.hits)).toBe(true);
          expect(typeof result.total).toBe("number");
          expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
        }
        expect(ids(await search(`"senate"`))).toEqual([doc.id]);
        expect(ids(await search(`senate AND`))).toEqual([doc.id]);
        expect(ids(await search(`NOT`))).toEqual([doc.id]);
        expect(await engine.count()).toBe(1);
        for (const q of hostile) expect(Array.isArray(await engine.suggest(q, 5))).toBe(true);
      });
    });

    describe("facets and pagination", () => {
      it("counts facet values over every match, not just the page", async () => {
        const docs = Array.from({ length: 12 }, (_, i) =>
          article({
            title: `Election update ${i}`,
            tags: i % 3 === 0 ? ["vote", "poll"] : ["vote"],
            authors: [i % 2 === 0 ? "Ann Lee" : "Bo Kim"],
            language: i < 8 ? "en" : "ru",
            publishedAt: i < 5 ? `2024-01-1${i}T00:00:00Z` : `2024-02-1${i - 5}T00:00:00Z`,
          }),
        );
        await seed(...docs);
        const result = await search("election", { limit: 5, facets: ["tags", "authors", "language", "month"] });
        expect(result.hits).toHaveLength(5);
        expect(result.total).toBe(12);
        expect(result.facets).toEqual({
          tags: { vote: 12, poll: 4 },
          authors: { "Ann Lee": 6, "Bo Kim": 6 },
          language: { en: 8, ru: 4 },
          month: { "2024-01": 5, "2024-02": 7 },
        });
        expect((await search("election", { facets: [] })).facets.tags).toBeUndefined();
      });

      it("pages with exact totals and no overlap", async () => {
        await seed(...Array.from({ length: 25 }, (_, i) => article({ title: `Ceasefire report ${i}` })));
        const pages = await Promise.all([1, 2, 3, 4].map((page) => search("ceasefire", { page, limit: 10 })));
        expect(pages.map((p) => p.total)).toEqual([25, 25, 25, 25]);
        expect(pages.map((p) => p.hits.length)).toEqual([10, 10, 5, 0]);
        const seen = pages.flatMap(ids);
        expect(new Set(seen).size).toBe(25);
      });

      it(`caps the total at ${MAX_TOTAL_HITS}`, async () => {
        const docs = Array.from({ length: MAX_TOTAL_HITS + 15 }, (_, i) => article({ title: `Bulletin number ${i}` }));
        await seed(...docs);
        const result = await search("bulletin", { limit: 5 });
        expect(result.total).toBe(MAX_TOTAL_HITS);
        expect((await search("", { limit: 5 })).total).toBe(MAX_TOTAL_HITS);
      });
    });

    describe("highlights", () => {
      it("marks matched title words and escapes everything else", async () => {
        await seed(
          article({
            title: `<script>alert("x")</script> Budget & "tax" plan`,
            body: `Opening words. The <b>budget</b> debate continues & the tax plan waits. Closing words.`,
          }),
        );
        const hit = (await search("budget")).hits[0];
        expectOnlyMarks(hit.highlight.title);
        expectOnlyMarks(hit.highlight.snippet);
        expect(hit.highlight.title).toContain("&lt;script&gt;");
        expect(hit.highlight.title).not.toContain("<script");
        expect(visibleText(hit.highlight.title)).toBe(`<script>alert("x")</script> Budget & "tax" plan`);
        expect(marked(hit.highlight.title)).toEqual(["budget"]);
        expect(marked(hit.highlight.snippet)).toContain("budget");
        expect(hit.highlight.snippet).toContain("&lt;b&gt;");
      });

      it("marks typo and prefix matches", async () => {
        await seed(article({ title: "Governments debate the parliamentary elections" }));
        const hit = (await search("goverments parliamentar")).hits[0];
        const words = marked(hit.highlight.title);
        expect(words).toContain("governments");
        expect(words.some((w) => w.startsWith("parliamentar"))).toBe(true);
        expect(words).not.toContain("debate");
      });

      it("crops the snippet around the matches with … at cut ends", async () => {
        const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");
        await seed(article({ title: "Long read", body: `${filler(80, "alpha")} the drought emergency was declared ${filler(80, "omega")}` }));
        const snippet = (await search("drought emergency")).hits[0].highlight.snippet;
        expect(marked(snippet)).toEqual(expect.arrayContaining(["drought", "emergency"]));
        expect(snippet.startsWith("…")).toBe(true);
        expect(snippet.endsWith("…")).toBe(true);
        const words = visibleText(snippet).replace(/…/g, " ").trim().split(/\s+/);
        expect(words.length).toBeGreaterThan(10);
        expect(words.length).toBeLessThanOrEqual(40);
      });
    });

    describe("synonyms", () => {
      it("matches any word or phrase of a group", async () => {
        const [usa, states, america] = await seed(
          article({ title: "USA imposes tariffs" }),
          article({ title: "United States imposes tariffs" }),
          article({ title: "America imposes tariffs" }),
        );
        await engine.setSynonyms([["usa", "united states", "america"]]);
        expect(new Set(ids(await search("usa tariffs")))).toEqual(new Set([usa.id, states.id, america.id]));
        expect(new Set(ids(await search("united states tariffs")))).toEqual(new Set([usa.id, states.id, america.id]));

        await engine.setSynonyms([]);
        expect(ids(await search("usa tariffs"))).toEqual([usa.id]);
      });
    });

    describe("languages", () => {
      it("stems Russian words", async () => {
        const [doc] = await seed(article({ title: "Итоги выборов в парламент", language: "ru" }));
        expect(ids(await search("выборы"))).toEqual([doc.id]);
        expect(ids(await search("парламента"))).toEqual([doc.id]);
      });

      it("folds Azerbaijani letters and Turkic dotted and dotless i", async () => {
        const [doc] = await seed(article({ title: "İlham Əliyev Bakıda görüş keçirib", language: "az" }));
        expect(ids(await search("ilham"))).toEqual([doc.id]);
        expect(ids(await search("İLHAM"))).toEqual([doc.id]);
        expect(ids(await search("gorus"))).toEqual([doc.id]);
        expect(ids(await search("keçirib"))).toEqual([doc.id]);
      });

      it("finds names across scripts: Aliyev, Алиев, Əliyev; Putin, Путин, Путина; Baku, Баку, Bakı", async () => {
        const [en, ru, az] = await seed(
          article({ title: "Aliyev and Putin meet in Baku" }),
          article({ title: "Алиев и Путин встретились в Баку", language: "ru" }),
          article({ title: "Bakı sammiti: Əliyev və Putin görüşüb", language: "az" }),
        );
        const everyone = new Set([en.id, ru.id, az.id]);
        for (const q of ["Aliyev", "Алиев", "Əliyev", "Putin", "Путин", "Путина", "Baku", "Баку", "Bakı"]) {
          expect(new Set(ids(await search(q))), q).toEqual(everyone);
        }
      });

    });

    describe("suggest", () => {
      it("completes the last word of titles, tolerates typos and marks matches", async () => {
        const [parliament, budget] = await seed(article({ title: "Parliament <approves> reform" }), article({ title: "Budget talks resume" }));
        const byPrefix = await engine.suggest("parl", 5);
        expect(byPrefix.map((s) => s.id)).toEqual([parliament.id]);
        expect(byPrefix[0]).toMatchObject({ title: parliament.title, url: parliament.url });
        expectOnlyMarks(byPrefix[0].highlight);
        expect(visibleText(byPrefix[0].highlight)).toBe(parliament.title);
        expect(marked(byPrefix[0].highlight)[0]).toMatch(/^parl/);

        expect((await engine.suggest("budgte talks", 5)).map((s) => s.id)).toEqual([budget.id]);
        expect((await engine.suggest("", 5)).length).toBe(0);
        expect((await engine.suggest("zzzzqqq", 5)).length).toBe(0);
      });

      it("respects the limit and uses titles only", async () => {
        await seed(
          ...Array.from({ length: 8 }, (_, i) => article({ title: `Coalition memo ${i}` })),
          article({ title: "Unrelated headline", body: "coalition coalition coalition" }),
        );
        const suggestions = await engine.suggest("coal", 3);
        expect(suggestions).toHaveLength(3);
        for (const s of suggestions) expect(s.title).toMatch(/^Coalition memo/);
      });

      it("leaves out titles published after `to` (the API's embargo bound)", async () => {
        const [published, later] = await seed(
          article({ title: "Ceasefire declared at dawn", publishedAt: "2026-03-01T09:00:00Z" }),
          article({ title: "Ceasefire agreement signed", publishedAt: "2026-03-01T11:00:00Z" }),
        );
        expect((await engine.suggest("ceasefire", 5, { to: "2026-03-01T10:00:00.000Z" })).map((s) => s.id)).toEqual([published.id]);
        expect((await engine.suggest("ceasefire agr", 5, { to: "2026-03-01T10:00:00.000Z" })).map((s) => s.id)).toEqual([]);
        expect((await engine.suggest("ceasefire", 5, { to: "2026-03-01T11:00:00.000Z" })).map((s) => s.id).sort()).toEqual([published.id, later.id].sort());
      });
    });
  });
}

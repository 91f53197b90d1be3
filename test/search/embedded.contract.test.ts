import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";
import type { SearchEngine } from "../../functions/search/engine.js";
import { article, request, runSearchEngineContract } from "./contract.js";

runSearchEngineContract("embedded", () => createEmbeddedEngine({ path: ":memory:" }));

describe("embedded engine", () => {
  const open: SearchEngine[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    for (const engine of open.splice(0)) await engine.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function engineAt(path = ":memory:"): Promise<SearchEngine> {
    const engine = await createEmbeddedEngine({ path });
    open.push(engine);
    return engine;
  }

  function tempPath(): string {
    const dir = mkdtempSync(join(tmpdir(), "newsline-search-"));
    dirs.push(dir);
    return join(dir, "nested", "search.sqlite");
  }

  const ids = async (engine: SearchEngine, q: string) => (await engine.search(request(q))).hits.map((h) => h.id);

  it("persists documents, vocabulary and synonyms at its path, in WAL mode", async () => {
    const path = tempPath();
    const first = await engineAt(path);
    const [doc] = [article({ title: "Referendum on independence scheduled" })];
    await first.upsert([doc]);
    await first.setSynonyms([["plebiscite", "referendum"]]);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await first.close();

    const reopened = await engineAt(path);
    expect(await reopened.count()).toBe(1);
    expect(await ids(reopened, "plebiscite")).toEqual([doc.id]);
    expect(await ids(reopened, "independnce scheduled")).toEqual([doc.id]); // typo vocabulary reloaded
    expect(await ids(reopened, "", )).toEqual([doc.id]);
  });

  it("opens a file written before stories: the column is added, its documents are their own stories", async () => {
    const path = tempPath();
    const first = await engineAt(path);
    const [old] = [article({ title: "Ceasefire announced", storyId: "gone" })];
    await first.upsert([old]);
    await first.close();
    const raw = new Database(path);
    raw.exec("ALTER TABLE docs DROP COLUMN story_id");
    raw.close();

    const reopened = await engineAt(path);
    expect((await reopened.search(request("ceasefire"))).hits.map((h) => h.storyId)).toEqual([old.id]);
    const [joined] = [article({ title: "Ceasefire holds", storyId: old.id })];
    await reopened.upsert([joined]);
    const collapsed = await reopened.search(request("ceasefire", { collapse: "story" }));
    expect(collapsed.total).toBe(1);
  });

  it("ends the last word at a trailing space (no prefix match then)", async () => {
    const engine = await engineAt();
    const [doc] = [article({ title: "Parliament approves budget" })];
    await engine.upsert([doc]);
    expect(await ids(engine, "parliam")).toEqual([doc.id]);
    expect(await ids(engine, "parliam ")).toEqual([]);
    expect(await ids(engine, "parliament ")).toEqual([doc.id]);
  });

  it("marks stemmed and cross-script matches in titles and snippets", async () => {
    const engine = await engineAt();
    await engine.upsert([
      article({ title: "Путин встретился с Алиевым", body: "Встреча Путина и Алиева прошла в Баку.", language: "ru" }),
      article({ title: "Parliament voted on the reform", body: "Members were voting late." }),
    ]);
    const crossScript = (await engine.search(request("Putin Aliyev"))).hits[0].highlight;
    expect(crossScript.title).toBe("<mark>Путин</mark> встретился с <mark>Алиевым</mark>");
    expect(crossScript.snippet).toBe("Встреча <mark>Путина</mark> и <mark>Алиева</mark> прошла в Баку.");
    const stemmed = (await engine.search(request("voting reform"))).hits[0].highlight;
    expect(stemmed.title).toBe("Parliament <mark>voted</mark> on the <mark>reform</mark>");
    expect(stemmed.snippet).toBe("Members were <mark>voting</mark> late.");
  });

  it("crops the snippet at the first window holding every query word, reading no further", async () => {
    const engine = await engineAt();
    const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");
    // The later window holds the words more often; the first one holding both is what a reader sees first.
    const body = `${filler(3, "alpha")} drought and emergency ${filler(100, "omega")} drought emergency drought emergency ${filler(50, "zeta")}`;
    await engine.upsert([article({ title: "Long read", body })]);
    const snippet = (await engine.search(request("drought emergency"))).hits[0].highlight.snippet;
    expect(snippet).toBe(`alpha0 alpha1 alpha2 <mark>drought</mark> and <mark>emergency</mark> ${filler(24, "omega")}…`);
  });

  it("keeps reading a body for a query word the opening lacks", async () => {
    const engine = await engineAt();
    const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");
    await engine.upsert([article({ title: "Long read", body: `drought ${filler(60, "omega")} drought emergency declared ${filler(60, "zeta")}` })]);
    const snippet = (await engine.search(request("drought emergency"))).hits[0].highlight.snippet;
    // The crop opens just before the words and shows what follows them.
    expect(snippet).toBe(`…omega57 omega58 omega59 <mark>drought</mark> <mark>emergency</mark> declared ${filler(24, "zeta")}…`);
  });

  it("ranks a whole-title match first and a title that starts with the query next", async () => {
    const engine = await engineAt();
    const [longer, exact, inside] = [
      article({ title: "Oil prices rise after OPEC meeting", publishedAt: "2024-01-03T00:00:00Z" }),
      article({ title: "Oil prices rise", publishedAt: "2024-01-01T00:00:00Z" }),
      article({ title: "Analysts say oil prices rise", publishedAt: "2024-01-02T00:00:00Z" }),
    ];
    await engine.upsert([longer, exact, inside]);
    expect(await ids(engine, "oil prices rise")).toEqual([exact.id, longer.id, inside.id]);
  });

  it("accepts control characters and very long queries", async () => {
    const engine = await engineAt();
    const [doc] = [article({ title: "Senate session" })];
    await engine.upsert([doc]);
    for (const q of ["\u0000", "senate\u0000", "\u0007\u001b[0m", "x".repeat(10_000), "senate ".repeat(500)]) {
      const result = await engine.search(request(q));
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
    expect(await ids(engine, "senate\u0000session")).toEqual([doc.id]);
  });

  it("stays correct while many small writes fragment and compact the index", async () => {
    const engine = await engineAt();
    const docs = Array.from({ length: 300 }, (_, i) => article({ title: `Dispatch ${i} ${i % 2 === 0 ? "harbour" : "airport"}` }));
    for (let i = 0; i < docs.length; i += 7) await engine.upsert(docs.slice(i, i + 7));
    await engine.remove(docs.slice(0, 50).map((d) => d.id));
    await engine.upsert(docs.slice(50, 60).map((d) => ({ ...d, title: `${d.title} renamed` })));
    const harbour = await engine.search(request("harbour", { limit: 50 }));
    expect(harbour.total).toBe(125);
    expect((await engine.search(request("renamed"))).total).toBe(10);
    expect(await engine.count()).toBe(250);
  });

  it("learns new words for typo tolerance as documents arrive", async () => {
    const engine = await engineAt();
    expect(await ids(engine, "quarantine")).toEqual([]);
    const [doc] = [article({ title: "Quarantine lifted" })];
    await engine.upsert([doc]);
    expect(await ids(engine, "quarantien lifted")).toEqual([doc.id]);
  });

  it("suggests the titles that start with the typed words first, newest first", async () => {
    const engine = await engineAt();
    const [inside, olderStart, newerStart] = [
      article({ title: "Why the trade deal matters", publishedAt: "2024-04-03T00:00:00Z" }),
      article({ title: "Trade deal signed", publishedAt: "2024-04-01T00:00:00Z" }),
      article({ title: "Trade deal collapses", publishedAt: "2024-04-02T00:00:00Z" }),
    ];
    await engine.upsert([inside, olderStart, newerStart]);
    const suggestions = await engine.suggest("trade de", 5);
    expect(suggestions.map((s) => s.id)).toEqual([newerStart.id, olderStart.id, inside.id]);
    expect(suggestions[0].highlight).toBe("<mark>Trade</mark> <mark>deal</mark> collapses");
  });
});

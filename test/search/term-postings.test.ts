import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createEmbeddedEngine, scoreExpression } from "../../functions/search/embedded.js";
import type { SearchDocument, SearchEngine } from "../../functions/search/engine.js";
import { TERM_POSTINGS_SCHEMA, TermPostings, bm25Idf, bm25Part, weightedCounts, type DocKeys } from "../../functions/search/term-postings.js";

function doc(id: string, title: string, body: string, language = "en", summary = ""): SearchDocument {
  return { id, title, summary, body, url: null, section: "politics", tags: [], authors: [], language, publishedAt: "2026-01-01T00:00:00Z", imageUrl: null };
}

const CORPUS = [
  doc("oil", "Oil exports fall as sanctions bite", "Oil exports from the Caspian fell in March. Sanctions on tankers and new sanctions on banks weighed.", "en", "Exports of oil fell for a third month."),
  doc("budget", "Parliament passes the 2027 budget", "The budget raises spending on pensions. Parliament voted 92 to 20; the opposition called the budget a fiction."),
  doc("talks", "Peace talks resume in Geneva", "Negotiators met in Geneva to discuss the border. European Union observers joined the talks."),
  doc("eu", "EU extends observer mission", "The EU said its observers would stay another year on the border, as the European Union and the UN agreed."),
  doc("ru", "Экспорт нефти из Баку вырос", "Экспорт нефти вырос на пять процентов, сообщили в Баку. Санкции не повлияли на экспорт.", "ru"),
  doc("az", "Bakıda neft ixracı artıb", "Neft ixracı beş faiz artıb, Bakıda bildirilib.", "az"),
  doc("prices", "Pension reform and export prices", "Export prices of gas rose while the pension reform stalled in parliament."),
];

/** Each query compiled by the engine; for every one, its own scores must be FTS5's bm25() over the same expression. */
const QUERIES = [
  "oil exports sanctions ",
  "parliament budget pensions ",
  "oil export sanc", // the last word still being typed: prefixes
  "oil sanctions ex", // a prefix short enough for FTS5's prefix index
  "oill exprots sanctions ", // unknown spellings: typo variants
  "european union observers ", // a synonym phrase
  "экспорт нефти баку ",
  "neft ixracı bakı ",
  "oil exports oil ", // a repeated word, counted as often as it is typed
];

interface Internals {
  compile(q: string): { terms: unknown[] };
  scores(expression: string, limit: number): Array<[number, number]>;
  weightedScores(query: unknown, terms: number[], limit: number): Array<[number, number]>;
  everyTermScores(query: unknown, terms: number[]): Array<[number, number]>;
}

/**
 * The engine's own scores and FTS5's for each query, by rowid: of documents holding any term (with
 * the phrase bonus), or with `every` those holding every term (the tie-break inside buckets).
 */
function bothScores(engine: SearchEngine, q: string, every = false) {
  const e = engine as unknown as Internals;
  const query = e.compile(q);
  const terms = query.terms.map((_, t) => t);
  const fts5 = new Map(e.scores(scoreExpression(query as never, !every, terms, every), -1));
  const own = new Map(every ? e.everyTermScores(query, terms) : e.weightedScores(query, terms, -1));
  return { fts5, own };
}

/**
 * Same rows as FTS5's bm25(), and with `scores` the same scores. FTS5 never takes a replaced or
 * removed row out of the row count and lengths bm25() weighs with, so after those only the rows
 * can agree: the engine's own counts are of the documents it holds.
 */
function expectSameScores(engine: SearchEngine, scores = true): number {
  let compared = 0;
  for (const q of QUERIES) {
    for (const every of [false, true]) {
      const { fts5, own } = bothScores(engine, q, every);
      expect([...own.keys()].sort(), `${q} every=${every}`).toEqual([...fts5.keys()].sort());
      if (!scores) continue;
      for (const [rowid, score] of fts5) {
        expect(own.get(rowid)! / score, `${q} every=${every} #${rowid}`).toBeCloseTo(1, 9);
        compared++;
      }
    }
  }
  return compared;
}

let engine: SearchEngine | undefined;
let dir: string | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("BM25 pieces", () => {
  it("weighs a key by the field it is in", () => {
    expect(weightedCounts([["oil", "export"], ["oil"], ["oil", "oil", "tanker"]])).toEqual(
      new Map([
        ["oil", 4 + 2 + 1 + 1],
        ["export", 4],
        ["tanker", 1],
      ]),
    );
  });

  it("gives a term in most documents the least idf, never zero or below", () => {
    expect(bm25Idf(100, 1)).toBeGreaterThan(bm25Idf(100, 10));
    expect(bm25Idf(100, 90)).toBe(1e-6);
  });

  it("saturates the count and favours shorter documents", () => {
    const idf = bm25Idf(1000, 10);
    expect(bm25Part(idf, 2, 100, 100)).toBeGreaterThan(bm25Part(idf, 1, 100, 100));
    expect(bm25Part(idf, 1000, 100, 100)).toBeLessThan(idf * 2.2);
    expect(bm25Part(idf, 1, 50, 100)).toBeGreaterThan(bm25Part(idf, 1, 200, 100));
  });
});

describe("embedded engine: the weighted score from its own postings", () => {
  it("scores every matching document as FTS5's bm25() does, through replacements and removals", async () => {
    engine = await createEmbeddedEngine({ path: ":memory:" });
    await engine.setSynonyms([["eu", "european union"]]);
    await engine.upsert(CORPUS);
    expect(expectSameScores(engine)).toBeGreaterThanOrEqual(14);

    // New text for a document: its old words must no longer score it, its new ones must.
    await engine.upsert([doc("oil", "Grain harvest sets a record", "Farmers brought in a record wheat harvest.")]);
    await engine.remove(["budget"]);
    // A posting left from the old text would score a row FTS5 does not.
    expectSameScores(engine, false);
    const search = async (q: string) => (await engine!.search({ q, filters: {}, sort: "relevance", page: 1, limit: 10, facets: [] })).hits.map((h) => h.id);
    expect(await search("grain harvest record ")).toEqual(["oil"]);
    expect(await search("oil exports sanctions ")).not.toContain("oil");
    expect(await search("parliament budget pensions ")).not.toContain("budget");

    // One id twice in a batch (a retried write): the last text wins, with nothing left of the first.
    await engine.upsert([doc("talks", "Ceasefire holds in the north", "The ceasefire held."), doc("talks", "Ferry strike ends", "Ferry crews returned to work.")]);
    const first = bothScores(engine, "ceasefire holds north ");
    expect(first.own.size).toBe(0);
    expect(first.fts5.size).toBe(0);
    expect(await search("ferry strike ends ")).toEqual(["talks"]);

    await engine.clear();
    expect(bothScores(engine, "oil exports sanctions ").own.size).toBe(0);
  });

  it("rebuilds its postings and lengths for an index written before it had them", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "newsline-postings-"));
    const file = path.join(dir, "search.sqlite");
    engine = await createEmbeddedEngine({ path: file });
    await engine.upsert(CORPUS);
    await engine.close();
    // As format 3 left it: a posting a row, in a table of its own; and as format 2: no lengths.
    const db = new Database(file);
    db.exec(`UPDATE settings SET value = '3' WHERE name = 'index_format'; DELETE FROM term_blocks; UPDATE docs SET words = NULL;
      CREATE TABLE term_postings (term TEXT NOT NULL, doc INTEGER NOT NULL, tf INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
      INSERT INTO term_postings VALUES ('oil', 1, 4);`);
    db.close();

    engine = await createEmbeddedEngine({ path: file });
    expect(expectSameScores(engine)).toBeGreaterThanOrEqual(14);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT value FROM settings WHERE name = 'index_format'").pluck().get()).toBe("4");
    expect(check.prepare("SELECT count(*) FROM docs WHERE words IS NULL").pluck().get()).toBe(0);
    expect(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'term_postings'").pluck().get()).toBe(0);
    check.close();
  });
});

describe("postings in blocks", () => {
  const keys = (title: string, body = ""): DocKeys["fields"] => [title.split(" "), [], body ? body.split(" ") : []];
  /** Each document holding `term`, with its weighted count: what sum() adds up, read back by idf 1 per document. */
  function held(postings: TermPostings, term: string, prefix = false): Map<number, number> {
    const scores = new Float64Array(20000);
    const lengths = new Uint32Array(20000).fill(10);
    // With k1 = 1.2, b = 0.75 and length = average, bm25Part = idf·tf·2.2 / (tf + 1.2): solved for tf.
    const rows = postings.sum([{ text: term, prefix }], scores, { lengths, rows: 20000, averageLength: 10 });
    const idf = bm25Idf(20000, rows.length);
    return new Map(rows.sort((a, b) => a - b).map((doc) => [doc, Math.round((1.2 * scores[doc]) / (idf * 2.2 - scores[doc]))]));
  }

  it("reads, counts, replaces and removes documents across blocks, each block in document order", () => {
    const db = new Database(":memory:");
    db.exec(TERM_POSTINGS_SCHEMA);
    const postings = new TermPostings(db);
    // Rowids in three blocks of 4,096, added out of order and over two batches.
    const docs: DocKeys[] = [
      { doc: 9000, fields: keys("oil oil", "oil") },
      { doc: 5, fields: keys("oil export") },
      { doc: 4095, fields: keys("export", "oil") },
      { doc: 4096, fields: keys("oilfield") },
    ];
    postings.write([], docs.slice(0, 2));
    postings.write([], docs.slice(2));
    expect(held(postings, "oil")).toEqual(new Map([[5, 4], [4095, 1], [9000, 9]]));
    expect(held(postings, "oil", true)).toEqual(new Map([[5, 4], [4095, 1], [4096, 4], [9000, 9]]));
    expect(postings.count({ text: "oil", prefix: false }, 100)).toBe(3);
    expect(postings.count({ text: "oil", prefix: true }, 100)).toBe(4);
    expect(postings.count({ text: "oil", prefix: true }, 2)).toBe(2);
    // Documents holding every group; the score of one holding only "oil" is taken out again.
    const scores = new Float64Array(20000);
    const both = postings.sumEvery([[{ text: "oil", prefix: false }], [{ text: "export", prefix: false }, { text: "grain", prefix: false }]], scores, { lengths: new Uint32Array(20000).fill(10), rows: 20000, averageLength: 10 });
    expect(both.sort((a, b) => a - b)).toEqual([5, 4095]);
    expect(scores[9000]).toBe(0);
    expect(scores[5]).toBeGreaterThan(scores[4095]);
    const places = (db.prepare("SELECT postings FROM term_blocks WHERE term = 'oil' ORDER BY block").pluck().all() as Buffer[]).map((b) => [...new Uint32Array(new Uint8Array(b).buffer)]);
    for (const block of places) expect(block).toEqual([...block].sort((a, b) => a - b));

    // 4095 gets new text, 5 goes, and one document is added twice in a batch: the last text counts.
    postings.write(
      [{ doc: 4095, fields: keys("export", "oil") }, { doc: 5, fields: keys("oil export") }],
      [{ doc: 4095, fields: keys("grain") }, { doc: 12, fields: keys("oil") }, { doc: 12, fields: keys("wheat") }],
    );
    expect(held(postings, "oil")).toEqual(new Map([[9000, 9]]));
    expect(held(postings, "export")).toEqual(new Map());
    expect(held(postings, "grain")).toEqual(new Map([[4095, 4]]));
    expect(held(postings, "wheat")).toEqual(new Map([[12, 4]]));
    // A key no document holds any more leaves no empty block behind.
    expect(db.prepare("SELECT count(*) FROM term_blocks WHERE term = 'export'").pluck().get()).toBe(0);

    postings.clear();
    expect(postings.count({ text: "o", prefix: true }, 100)).toBe(0);
    db.close();
  });
});

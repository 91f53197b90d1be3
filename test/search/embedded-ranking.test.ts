import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";
import type { SearchDocument, SearchEngine, SearchRequest } from "../../functions/search/engine.js";

let engine: SearchEngine | undefined;
afterEach(async () => engine?.close());

function doc(id: string, title: string, body = "", publishedAt = "2026-01-01T00:00:00Z"): SearchDocument {
  return { id, title, summary: "", body, url: null, section: "politics", tags: [], authors: [], language: "en", publishedAt, imageUrl: null };
}

async function withDocs(...docs: SearchDocument[]): Promise<SearchEngine> {
  engine = await createEmbeddedEngine({ path: ":memory:" });
  await engine.upsert(docs);
  return engine;
}

const request = (q: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({ q, filters: {}, sort: "relevance", page: 1, limit: 10, facets: [], ...extra });
const ids = async (e: SearchEngine, q: string, extra: Partial<SearchRequest> = {}) => (await e.search(request(q, extra))).hits.map((h) => h.id);

describe("embedded ranking", () => {
  it("does not turn a known word into a far more frequent one by a typo", async () => {
    const conference = Array.from({ length: 6 }, (_, i) => doc(`conf-${i}`, `Peace conference opens, day ${i}`));
    const e = await withDocs(...conference, doc("vote", "Government wins confidence vote"));
    expect(await ids(e, "confidence ")).toEqual(["vote"]);
    // An unknown spelling still takes its typo variants.
    expect(await ids(e, "confidance ")).toEqual(["vote"]);
  });

  it("never matches a stop word as a typo variant, nor lets a stop word decide a match", async () => {
    const e = await withDocs(doc("what", "What the minister said"), doc("wheat", "Wheat harvest falls"));
    expect(await ids(e, "whaet ")).toEqual(["wheat"]);
    // "the" and "of" are left out: both stories about the harvest match.
    expect(await ids(e, "the harvest of ")).toEqual(["wheat"]);
  });

  it("drops the most frequent word first when no story holds every word", async () => {
    const common = Array.from({ length: 5 }, (_, i) => doc(`budget-${i}`, `Budget debate ${i}`));
    const e = await withDocs(...common, doc("pension", "Pension reform stalls"));
    // No story holds both: the rare word "pension" decides, although typed first.
    expect((await ids(e, "pension budget "))[0]).toBe("pension");
    expect((await ids(e, "budget pension "))[0]).toBe("pension");
  });

  it("weighs a word by the stories holding it in any form, not by how often one spelling occurs", async () => {
    // "security" fills two stories; "considerations" appears once in each of four others.
    const security = ["Security of the vote", "Security services"].map((t, i) => doc(`security-${i}`, t, "Security first, security always: security."));
    const considerations = Array.from({ length: 4 }, (_, i) => doc(`considerations-${i}`, `Budget talks ${i}`, "Several considerations were raised."));
    // "interested" is written once, but its other forms ("interest", "interests") are in every story about rates.
    const interest = Array.from({ length: 4 }, (_, i) => doc(`interest-${i}`, `Interest rates ${i}`, i === 0 ? "Markets are interested." : "Interests of savers."));
    const e = await withDocs(...security, ...considerations, ...interest, doc("hidden", "Hidden accounts found"), doc("hidden-2", "The hidden cost of tariffs"));
    // No story holds both words: the one fewer stories hold decides the first page.
    expect((await ids(e, "security considerations ")).slice(0, 2).sort()).toEqual(["security-0", "security-1"]);
    expect((await ids(e, "interested hidden ")).slice(0, 2).sort()).toEqual(["hidden", "hidden-2"]);
  });

  it("finds the stories on the other words when a whole word of the query is in none", async () => {
    const e = await withDocs(doc("sanctions", "Sanctions bill advances"), doc("budget", "Budget vote delayed"));
    // "ferry" is in no story: kept as the rarest word, it left every level empty.
    expect(await ids(e, "ferry sanctions ")).toEqual(["sanctions"]);
    expect(await ids(e, "sanctions ferry ")).toEqual(["sanctions"]);
  });

  it("keeps a word that matches only through its synonym", async () => {
    const e = await withDocs(doc("eu", "European Union summit opens"), doc("trade-1", "Trade talks stall"), doc("trade-2", "Trade deficit widens"));
    await e.setSynonyms([["EU", "European Union"]]);
    // No story says "EU" or holds both words; through its synonym "EU" is the rarer word, and kept.
    expect(await ids(e, "eu trade ")).toEqual(["eu"]);
  });

  it("reads a query that repeats a word as the words it holds: two words are not a long query", async () => {
    const e = await withDocs(
      doc("languages", "Languages of the world", "Languages, languages and more languages: how languages change."),
      doc("both", "Compilers report", "Parallel machines need new languages."),
    );
    // As two distinct words, the story holding both comes first, as for "parallel languages".
    expect((await ids(e, "parallel languages "))[0]).toBe("both");
    expect((await ids(e, "parallel languages languages "))[0]).toBe("both");
  });

  it("keeps title matches above body-only ones when a word is dropped and the kept one is misspelt", async () => {
    // Newer stories mention the word only in their bodies; no story holds both words.
    const bodyOnly = Array.from({ length: 3 }, (_, i) => doc(`body-${i}`, `Rally in the square ${i}`, "Crowds gathered outside parliament.", `2026-03-0${i + 1}T00:00:00Z`));
    const e = await withDocs(...bodyOnly, doc("title", "Parliament passes the media law", "Deputies voted.", "2025-01-01T00:00:00Z"));
    // "parliment" matches "parliament" through one typo; "budg" matches nothing and is dropped.
    expect((await ids(e, "parliment budg"))[0]).toBe("title");
  });

  it("tells body matches with a typo from those without when the other word is a long prefix being typed", async () => {
    // Neither title nor summary holds "parliament": only the bodies do, the newer one misspelt. Its
    // summary holds "reform", so only the typo bucket can put it second.
    const e = await withDocs(
      { ...doc("typo", "Rally in the square", "The parlament debated it.", "2026-03-02T00:00:00Z"), summary: "Reform bill debated" },
      doc("exact", "Crowds in the square", "The parliament debated the reform bill.", "2026-03-01T00:00:00Z"),
      doc("other", "Parlament bill fails", "Deputies voted.", "2025-01-01T00:00:00Z"),
    );
    // "refo" has no typo variants and is left out of the typo-free read; "parliament" decides it.
    expect((await ids(e, "parliament refo")).slice(0, 2)).toEqual(["exact", "typo"]);
  });

  it("ranks a story using a rare word often above one mentioning it once", async () => {
    const e = await withDocs(
      doc("once", "Talks in Baku", "Delegates met. The sanctions were mentioned once among many other topics of the long day."),
      doc("often", "Talks in Geneva", "Sanctions dominated. Sanctions on banks, sanctions on oil, and new sanctions."),
    );
    expect(await ids(e, "sanctions ")).toEqual(["often", "once"]);
  });

  it("ranks long queries by weighted score, the title reading as the query first", async () => {
    const e = await withDocs(
      doc("body", "Ministers meet", "The border crossing reopened after the ceasefire; the border crossing had been closed."),
      doc("title", "Border crossing reopened after ceasefire", "Traffic resumed."),
      doc("none", "Weather report", "Rain."),
    );
    expect(await ids(e, "border crossing reopened ceasefire ")).toEqual(["title", "body"]);
  });

  it("reads a long question past its tenth word", async () => {
    const e = await withDocs(
      ...Array.from({ length: 8 }, (_, i) => doc(`other-${i}`, `Weather, day ${i}`, "Rain in the hills.")),
      doc("ferries", "Ferry timetable", "Ministers debated budget pensions taxes tariffs wages housing schools hospitals and the ferry timetable of the islands."),
      doc("ports", "Harbour dues", "Ministers debated budget pensions taxes tariffs wages housing schools hospitals."),
    );
    // Both hold the first ten words, the shorter "ports" more densely; only the eleventh and
    // twelfth, "ferry timetable", tell the story asked about.
    const question = "ministers debated budget pensions taxes tariffs wages housing schools hospitals then ferry timetable ";
    expect(await ids(e, question)).toEqual(["ferries", "ports"]);
  });

  it("puts a title reading as a long query as typed before one reading as it through a typo", async () => {
    const e = await withDocs(
      doc("misspelt", "Morgan Stanely group sells a unit", "Morgan Stanley group: the Morgan Stanley group sold it, Morgan Stanley group shares rose.", "2026-03-02T00:00:00Z"),
      doc("typed", "Morgan Stanley group issues bonds", "Deputies voted.", "2016-01-01T00:00:00Z"),
      doc("body", "Bonds report", "Morgan Stanley group and Morgan Stanley group again.", "2026-03-03T00:00:00Z"),
    );
    // Both titles start with the query; the misspelt one is far fresher and says the words more.
    const fresh = { now: Date.parse("2026-03-03T00:00:00Z"), halfLifeDays: 1 };
    expect(await ids(e, "morgan stanley group ", fresh)).toEqual(["typed", "misspelt", "body"]);
  });

  it("suggests the title that is the query, then the newest titles starting with it, each once", async () => {
    const day = (d: number) => `2026-02-${String(d).padStart(2, "0")}T00:00:00Z`;
    const starting = Array.from({ length: 12 }, (_, i) => doc(`vote-${i + 1}`, `Budget vote ${i + 1}`, "", day(i + 1)));
    const e = await withDocs(
      ...starting,
      doc("exact", "Budget", "", "2025-01-01T00:00:00Z"),
      doc("longer-word", "Budgetary rules", "", day(13)),
      doc("embargoed", "Budget leak", "", "2026-03-01T00:00:00Z"),
    );
    const suggested = async (q: string, limit: number) => (await e.suggest(q, limit, { to: day(27) })).map((s) => s.id);
    // Typing: a longer word counts, the embargoed story does not; the title that is the query leads.
    expect(await suggested("budget", 4)).toEqual(["exact", "longer-word", "vote-12", "vote-11"]);
    const all = await suggested("budget", 20);
    expect(all).toHaveLength(14);
    expect(new Set(all).size).toBe(14);
    // The word complete: "Budgetary" no longer starts with it.
    expect(await suggested("budget ", 20)).toEqual(["exact", ...starting.map((d) => d.id).reverse()]);
  });

  it("lets freshness order equally relevant stories, and only when a half-life is set", async () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    const e = await withDocs(
      doc("old", "Harvest report", "", "2026-01-01T00:00:00Z"),
      doc("new", "Harvest report", "", "2026-05-31T00:00:00Z"),
      doc("older", "Harvest report", "", "2025-01-01T00:00:00Z"),
    );
    expect(await ids(e, "harvest report ", { halfLifeDays: 7, now })).toEqual(["new", "old", "older"]);
    expect(await ids(e, "harvest report soon ", { halfLifeDays: 7, now })).toEqual(["new", "old", "older"]);
  });

  it("counts another form of a finished word as a match, never as the title reading as the query", async () => {
    // Newer stories start with "House"; "housing" stems to the same key.
    const house = Array.from({ length: 3 }, (_, i) => doc(`house-${i}`, `House votes on the budget, day ${i}`, "", `2026-03-0${i + 1}T00:00:00Z`));
    const e = await withDocs(...house, doc("housing", "Senate passes housing bill", "", "2025-01-01T00:00:00Z"));
    const found = await ids(e, "housing ");
    expect(found[0]).toBe("housing");
    expect(found).toHaveLength(4);
  });

  it("passes over stop words in titles as the query did, but not one the query kept", async () => {
    const e = await withDocs(
      doc("adjacent", "Debt talks delayed for consultations", "", "2026-03-01T00:00:00Z"),
      doc("remembered", "Talks will not delay trade curbs", "", "2025-01-01T00:00:00Z"),
    );
    // "will" and "not" are left out of the query, and out of the title's word distances.
    expect((await ids(e, "talks will not del"))[0]).toBe("remembered");
    const us = await withDocs(
      doc("other", "Output declines at car plants in the U.K.", "", "2026-03-01T00:00:00Z"),
      doc("typed", "Further declines in U.S. debt futures possible", "", "2025-01-01T00:00:00Z"),
    );
    // "s" is a stop word, but the query kept it as the word being typed: the title reads as the query.
    expect((await ids(us, "further declines in u.s"))[0]).toBe("typed");
  });

  it("puts the title whose stop words are the ones typed above one that reads the same without them", async () => {
    const e = await withDocs(
      doc("typed", "Minister asks allies to end arms exports", "", "2025-01-01T00:00:00Z"),
      doc("without", "Minister asks allies end arms exports", "", "2026-03-01T00:00:00Z"),
      doc("other", "Minister asks allies at end of arms exports", "", "2026-04-01T00:00:00Z"),
    );
    // Long queries (weighted score) and short ones (buckets), whole and being typed, with a typo.
    expect((await ids(e, "Minister asks allies to end arms exports"))[0]).toBe("typed");
    expect((await ids(e, "minister asks allies to end arms exprots"))[0]).toBe("typed");
    expect((await ids(e, "minister asks allies to en"))[0]).toBe("typed");
    // With no stop word typed, the newest title that reads as the query still comes first.
    expect((await ids(e, "minister asks allies end arms exports "))[0]).toBe("without");
  });

  it("counts matches through a typo of the word being typed when the word as typed alone falls short of the count's cap", async () => {
    // The typed word twice in each of 600 titles: frequent enough that the words as typed are read first.
    const typed = Array.from({ length: 600 }, (_, i) => doc(`typed-${i}`, `Parliament votes, parliament adjourns ${i}`));
    const typo = Array.from({ length: 600 }, (_, i) => doc(`typo-${i}`, `Parlaiment sits ${i}`));
    const e = await withDocs(...typed, ...typo);
    const found = await e.search(request("parliamen"));
    expect(found.total).toBe(1000);
    expect(found.hits[0].id).toMatch(/^typed-/);
    expect((await e.search(request("parliamen adjo"))).total).toBe(600);
  });

  it("ranks only the titles starting with a one-word query when enough do, and every title when a page needs more", async () => {
    // More titles hold the word than are ranked directly: 450 newer ones further in, 12 older ones
    // starting with it, 3 oldest starting with "The" and then the word.
    const inside = Array.from({ length: 450 }, (_, i) => doc(`inside-${i}`, `Cabinet backs the planning reform ${i}`, "", "2026-03-01T00:00:00Z"));
    const leading = Array.from({ length: 12 }, (_, i) => doc(`leading-${i}`, `Planning rules eased ${i}`, "", "2025-01-01T00:00:00Z"));
    const afterThe = Array.from({ length: 3 }, (_, i) => doc(`the-${i}`, `The planning row deepens ${i}`, "", "2024-01-01T00:00:00Z"));
    const e = await withDocs(...inside, ...leading, ...afterThe);
    const first = await ids(e, "plan");
    expect(first).toHaveLength(10);
    for (const id of first) expect(id).toMatch(/^leading-/);
    // Page 2 needs 20 titles and only 12 start with the word: the others are ranked too.
    const second = await ids(e, "plan", { page: 2 });
    expect(second).toHaveLength(10);
    expect(second.filter((id) => id.startsWith("leading-"))).toHaveLength(2);
    expect(new Set([...first, ...second]).size).toBe(20);
    // The stop word typed as the titles begin: those three read as the query best.
    expect((await ids(e, "the plan")).slice(0, 3).sort()).toEqual(["the-0", "the-1", "the-2"]);
  });

  it("suggests the known spelling when only typos matched", async () => {
    const e = await withDocs(doc("a", "Parliament approves budget"));
    expect((await e.search(request("parliamnet "))).suggestion).toBe("parliament");
    expect((await e.search(request("parliament "))).suggestion).toBeUndefined();
  });

  it("matches the far more frequent spelling of a rare word when no story holds the query as typed", async () => {
    const sessions = Array.from({ length: 20 }, (_, i) => doc(`session-${i}`, `Parliament session ${i}`));
    const misspelt = doc("misspelt", "Parliamnet gates closed", "", "2026-05-01T00:00:00Z");
    const e = await withDocs(...sessions, misspelt, doc("budget", "Parliament approves budget"));
    // "parliamnet" is in the index once, "parliament" 21 times: no story holds "parliamnet budget",
    // so the known spelling is matched too, and said.
    const corrected = await e.search(request("parliamnet budget "));
    expect(corrected.hits[0].id).toBe("budget");
    expect(corrected.suggestion).toBe("parliament budget");
    expect(corrected.hits[0].highlight.title).toBe("<mark>Parliament</mark> approves <mark>budget</mark>");
    // A story holds the rare word as typed: the query stays as typed.
    expect(await ids(e, "parliamnet ")).toEqual(["misspelt"]);
    // No story holds the words with the usual spelling either: nothing is gained by reading it so.
    const nowhere = await e.search(request("parliamnet gates weather "));
    expect(nowhere.hits[0].id).toBe("misspelt");
    expect(nowhere.suggestion).toBeUndefined();
    // Nor within a filter: no story of the section holds the words either way.
    await e.upsert([{ ...misspelt, section: "world" }, { ...doc("world", "Budget talks abroad"), section: "world" }]);
    const filtered = await e.search(request("parliamnet budget ", { filters: { section: ["world"] } }));
    expect(filtered.suggestion).toBeUndefined();
    expect(filtered.hits[0].id).toBe("misspelt");
    // A word still being typed is never corrected, nor read to decide: the query stays as typed.
    expect((await e.search(request("parliamnet budg"))).suggestion).toBeUndefined();
  });
});

describe("index format", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("rebuilds an index written in the previous format at start, so scores see every body word", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "newsline-format-"));
    const file = path.join(dir, "search.sqlite");
    let e = await createEmbeddedEngine({ path: file });
    await e.upsert([doc("a", "Talks", "sanctions and more sanctions")]);
    await e.close();
    // As an older version left it: no format mark, body keys emptied.
    const db = new Database(file);
    db.exec("DELETE FROM settings WHERE name = 'index_format'");
    db.close();
    e = engine = await createEmbeddedEngine({ path: file });
    expect(await ids(e, "sanction ")).toEqual(["a"]);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT value FROM settings WHERE name = 'index_format'").pluck().get()).toBe("4");
    check.close();
  });
});

describe("typo vocabulary counts", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  /** The stored counts against a count of the index itself (what the vocabulary counts: folded words of title, summary and body). */
  const counts = (file: string) => {
    const db = new Database(file, { readonly: true });
    const stored = db.prepare("SELECT term, count FROM vocabulary ORDER BY term").raw().all();
    const counted = db.prepare("SELECT term, sum(cnt) FROM fts_terms WHERE col IN ('title', 'summary', 'body') GROUP BY term HAVING sum(cnt) > 0 ORDER BY term").raw().all();
    db.close();
    return { stored, counted };
  };

  it("follows every batch, replacement and removal, survives a restart, and is counted once for a file that kept first counts only", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "newsline-vocabulary-"));
    const file = path.join(dir, "search.sqlite");
    let e = (engine = await createEmbeddedEngine({ path: file }));
    // "conference" first arrives once, then five more times in a later batch.
    await e.upsert([doc("vote", "Government wins confidence vote"), doc("conf-0", "Peace conference opens")]);
    await e.upsert(Array.from({ length: 5 }, (_, i) => doc(`conf-${i + 1}`, `Peace conference opens again`)));
    await e.upsert([doc("conf-5", "Harvest report")]); // a replacement takes its old words out
    await e.close();
    expect(counts(file).stored).toEqual(counts(file).counted);
    // After a restart the typo rule still knows "conference" is five times as frequent as "confidence".
    e = engine = await createEmbeddedEngine({ path: file });
    expect(await ids(e, "confidence ")).toEqual(["vote"]);
    // Removed text no longer counts: with one "conference" left, it is a typo variant like any other.
    await e.remove(["conf-1", "conf-2", "conf-3", "conf-4"]);
    expect(counts(file).stored).toEqual(counts(file).counted);
    expect((await ids(e, "confidence ")).sort()).toEqual(["conf-0", "vote"]);
    await e.close();
    // As an older version left it: each word's first count only, and no mark that counts are kept.
    const db = new Database(file);
    db.exec("UPDATE vocabulary SET count = 1; DELETE FROM settings WHERE name = 'vocabulary_counts';");
    db.close();
    e = engine = await createEmbeddedEngine({ path: file });
    expect(counts(file).stored).toEqual(counts(file).counted);
    await e.clear();
    expect(counts(file).stored).toEqual([]);
  });
});

describe("more like this: document frequencies", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  const keyed = (id: string, keyTerms: string[]) => ({ ...doc(id, `Story ${id}`, keyTerms.join(" ")), keyTerms });
  /** The stored counts against a count of the posting lists themselves. */
  const counts = (file: string) => {
    const db = new Database(file, { readonly: true });
    const stored = db.prepare("SELECT term, n FROM keyterm_df WHERE n > 0 ORDER BY term").raw().all();
    const counted = db.prepare("SELECT term, count(*) FROM keyterms GROUP BY term ORDER BY term").raw().all();
    db.close();
    return { stored, counted };
  };

  it("follows upserts, replacements and removals, and is counted once for a file written before it", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "newsline-df-"));
    const file = path.join(dir, "search.sqlite");
    let e = await createEmbeddedEngine({ path: file });
    await e.upsert([keyed("a", ["treati", "border"]), keyed("b", ["treati", "corridor"]), keyed("c", ["treati", "border", "corridor"])]);
    await e.upsert([keyed("b", ["border", "harvest"])]); // a replacement changes b's terms
    await e.remove(["c"]);
    await e.close();
    expect(counts(file).stored).toEqual([["border", 2], ["harvest", 1], ["treati", 1]]);
    expect(counts(file).stored).toEqual(counts(file).counted);
    // As an older version left it: no counts at all.
    const db = new Database(file);
    db.exec("DROP TRIGGER keyterms_counted; DROP TRIGGER keyterms_uncounted; DROP TABLE keyterm_df;");
    db.close();
    e = engine = await createEmbeddedEngine({ path: file });
    expect(counts(file).stored).toEqual([["border", 2], ["harvest", 1], ["treati", 1]]);
    // The rarer shared term weighs more: a's neighbour through "treati" is gone, b shares "border".
    expect((await e.moreLikeThis({ id: "a", terms: [{ term: "treati", weight: 1 }, { term: "border", weight: 1 }], limit: 5 })).map((m) => m.id)).toEqual(["b"]);
    await e.clear();
    expect(counts(file).stored).toEqual([]);
  });
});

describe("more like this: postings read per term", () => {
  it("reads each term's newest postings only, so the work is bounded whatever the archive; a time window reads them all", async () => {
    const keyed = (id: string, date: string, keyTerms: string[]) => ({ ...doc(id, `Story ${id}`, keyTerms.join(" ")), publishedAt: date, keyTerms });
    const e = (engine = await createEmbeddedEngine({ path: ":memory:", mltPostings: 2 }));
    await e.upsert([1, 2, 3, 4].map((i) => keyed(`d${i}`, `2026-03-0${i}T00:00:00Z`, ["treati"])));
    const q = { id: "src", terms: [{ term: "treati", weight: 1 }], limit: 10 };
    expect((await e.moreLikeThis(q)).map((m) => m.id).sort()).toEqual(["d3", "d4"]);
    const within = { from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" };
    expect((await e.moreLikeThis({ ...q, within })).map((m) => m.id).sort()).toEqual(["d1", "d2"]);
  });
});

describe("related profiles", () => {
  it("hands back a document's indexed profile by id, none once it is replaced without one or removed", async () => {
    const e = await withDocs({ ...doc("a", "Talks"), related: '{"id":"a"}' }, { ...doc("b", "Budget"), related: '{"id":"b"}' }, doc("c", "Harvest"));
    expect(await e.relatedProfile!("a")).toBe('{"id":"a"}');
    expect(await e.relatedProfile!("c")).toBeUndefined();
    expect(await e.relatedProfile!("nobody")).toBeUndefined();
    await e.upsert([doc("a", "Talks again")]);
    await e.remove(["b"]);
    expect(await e.relatedProfile!("a")).toBeUndefined();
    expect(await e.relatedProfile!("b")).toBeUndefined();
  });
});

describe("titles and summaries held for ranking", () => {
  it("ranks, highlights and suggests from the latest version of each story after many rewrites and removals", async () => {
    const version = (v: number) =>
      Array.from({ length: 1500 }, (_, i) => ({ ...doc(`s${i}`, `Story ${i} version${v} council budget`, "Body text."), summary: `Summary ${i} of version${v} with several more words to fill the run` }));
    engine = await createEmbeddedEngine({ path: ":memory:" });
    // Each rewrite leaves the earlier words behind until the store compacts them away.
    for (let v = 1; v <= 4; v++) await engine.upsert(version(v));
    await engine.remove(Array.from({ length: 750 }, (_, i) => `s${i * 2}`));
    expect(await engine.count()).toBe(750);
    const found = await engine.search(request("version4 council budget", { limit: 5 }));
    expect(found.total).toBe(750);
    expect(found.hits.every((h) => /^s\d*[13579]$/.test(h.id))).toBe(true);
    expect(found.hits[0].highlight.title).toContain("<mark>version4</mark>");
    // Old words are gone: "version3" matches only through a typo of the new one, or is dropped.
    const old = await engine.search(request("version3 council budget", { limit: 50 }));
    expect(old.hits.length).toBe(50);
    expect(old.hits.every((h) => h.title.includes("version4"))).toBe(true);
    // The summary is read too: a word only there still ranks the document in.
    expect((await engine.search(request("summary 1001 version4"))).hits[0].id).toBe("s1001");
    expect((await engine.suggest("story 1499 versio", 3)).map((s) => s.id)).toEqual(["s1499"]);
  });
});

describe("weighted queries with a filter", () => {
  it("ranks the best-scored stories within the filter, however many outside it score higher", async () => {
    const tagged = (d: SearchDocument, tag: string): SearchDocument => ({ ...d, tags: [tag] });
    // More stories outside the filter than a scored query ranks, each saying the words more often.
    const outside = Array.from({ length: 250 }, (_, i) => tagged(doc(`out-${i}`, "Harbour levy vote", "Harbour levy vote. ".repeat(3)), "port"));
    const e = await withDocs(
      ...outside,
      ...Array.from({ length: 300 }, (_, i) => doc(`other-${i}`, `Weather report ${i}`, "Rain.")),
      tagged(doc("strong", "Harbour levy vote delayed", "The harbour levy vote was delayed.", "2020-01-01T00:00:00Z"), "budget"),
      tagged(doc("weak", "Budget notes", "A levy, among other things.", "2026-01-01T00:00:00Z"), "budget"),
    );
    // By score, not by date: the older story holding every word comes first.
    expect(await ids(e, "harbour levy vote ", { filters: { tags: ["budget"] } })).toEqual(["strong", "weak"]);
  });
});

describe("weighted queries with a broad term", () => {
  const day = (d: number) => `2026-02-${String(d).padStart(2, "0")}T00:00:00Z`;
  it("scores the documents holding telling words first, then those holding only the broad word, newest first", async () => {
    // "vote" is in 20 of 30 stories: a third of the archive or more, so it is broad.
    // The older a story, the more often it says "vote": BM25 alone would put the oldest first.
    const voteOnly = Array.from({ length: 20 }, (_, i) => doc(`vote-${i}`, `Vote count ${i}`, `The vote went ahead. ${"Vote. ".repeat(20 - i)}`, day(i + 1)));
    const others = Array.from({ length: 8 }, (_, i) => doc(`other-${i}`, `Weather report ${i}`, "Rain.", day(i + 1)));
    engine = await createEmbeddedEngine({ path: ":memory:", broadTermFloor: 5 });
    await engine.upsert([
      ...voteOnly,
      ...others,
      doc("both", "Harbour levy vote delayed", "The harbour levy vote was delayed.", day(2)),
      doc("levy", "Levy on harbour fees", "A levy.", day(1)),
    ]);
    const found = await engine.search(request("harbour levy vote", { limit: 10 }));
    expect(found.total).toBe(22);
    expect(found.hits.slice(0, 2).map((h) => h.id)).toEqual(["both", "levy"]);
    // Then the stories holding only "vote", newest first: their BM25 weight is next to nothing.
    expect(found.hits.slice(2).map((h) => h.id)).toEqual(Array.from({ length: 8 }, (_, i) => `vote-${19 - i}`));
    // Every word broad: scored on all of them as before.
    expect((await engine.search(request("vote count went", { limit: 3 }))).hits).toHaveLength(3);
    // A synonym phrase among a term's forms: FTS5 counts the term, and it is still broad.
    await engine.setSynonyms([["vote", "show of hands"]]);
    const withPhrase = await engine.search(request("harbour levy vote", { limit: 10 }));
    expect(withPhrase.hits.slice(0, 2).map((h) => h.id)).toEqual(["both", "levy"]);
    expect(withPhrase.hits.slice(2).map((h) => h.id)).toEqual(Array.from({ length: 8 }, (_, i) => `vote-${19 - i}`));
  });
});

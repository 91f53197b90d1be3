import { describe, expect, it } from "vitest";
import type { Article } from "../../functions/articles/model.js";
import { RelatedModel, type ArticleSource } from "../../functions/recommend/index.js";
import { article, daysAfter, newsroom } from "./fixtures.js";

/** A source over a mutable list, paged month by month, newest month first (like ArticleRepository.all). */
function listSource(list: Article[]) {
  let reads = 0;
  const source: ArticleSource & { reads: () => number } = {
    reads: () => reads,
    async *all() {
      reads++;
      const months = [...new Set(list.map((a) => a.publishedAt.slice(0, 7)))].sort().reverse();
      for (const m of months) {
        await Promise.resolve();
        yield list.filter((a) => a.publishedAt.startsWith(m));
      }
    },
  };
  return source;
}

const ids = (model: RelatedModel, id: string, limit = 5) => (model.related(id, { limit }) ?? []).map((r) => r.id);

describe("RelatedModel", () => {
  it("answers from the inverted index like the pure scorer, and null for an unknown article", () => {
    const model = RelatedModel.fromArticles(newsroom());
    expect(ids(model, "peace-1").slice(0, 2).sort()).toEqual(["peace-2", "peace-3"]);
    expect(ids(model, "budget-1").slice(0, 2).sort()).toEqual(["budget-2", "budget-3"]);
    expect(model.related("nope", { limit: 5 })).toBeNull();
  });

  it("applies stream changes: a deleted article leaves every list at once, a new one joins", () => {
    const model = RelatedModel.fromArticles(newsroom());
    expect(ids(model, "peace-1")).toContain("peace-2");
    model.apply({ upserts: [], removals: ["peace-2"] });
    expect(model.has("peace-2")).toBe(false);
    for (const id of ["peace-1", "peace-3", "budget-1"]) expect(ids(model, id)).not.toContain("peace-2");

    const follow = article({
      id: "peace-4",
      title: "Aliyev and Pashinyan sign the peace treaty",
      body: "Aliyev and Pashinyan signed the peace treaty, settling border delimitation and transport corridors after talks in Washington.",
      publishedAt: daysAfter(30),
      tags: ["peace-talks"],
      entities: { people: ["Ilham Aliyev", "Nikol Pashinyan"], places: ["Washington"], orgs: [] },
    });
    model.apply({ upserts: [follow], removals: [] });
    expect(ids(model, "peace-1").slice(0, 2)).toContain("peace-4");
  });

  it("includes an article fetched on demand, so a new article has related stories before the next refresh", async () => {
    const list = newsroom();
    const model = new RelatedModel({ source: listSource(list), refreshAfterMs: 60_000 });
    await model.ready();
    const fresh = article({ ...list[1], id: "peace-new", publishedAt: daysAfter(6) });
    expect(model.has("peace-new")).toBe(false);
    model.include(fresh);
    expect(ids(model, "peace-new")).toContain("peace-2");
    expect(ids(model, "peace-1")).toContain("peace-new");
  });

  it("ignores a replayed older version of an article", () => {
    const model = RelatedModel.fromArticles(newsroom());
    const renamed = { ...newsroom()[0], title: "Renamed", version: 3 };
    model.apply({ upserts: [renamed], removals: [] });
    model.apply({ upserts: [{ ...newsroom()[0], version: 2 }], removals: [] });
    expect(model.card("peace-1")?.title).toBe("Renamed");
  });

  it("loads at first use and replays changes that arrive while it loads", async () => {
    const list = newsroom();
    const source = listSource(list);
    const model = new RelatedModel({ source });
    model.apply({ upserts: [], removals: ["peace-3"] }); // before first use: the table already says so
    const loading = model.ready();
    list.splice(list.findIndex((a) => a.id === "peace-2"), 1);
    model.apply({ upserts: [], removals: ["peace-2"] }); // arrives while the snapshot is read
    await loading;
    expect(source.reads()).toBe(1);
    expect(model.has("peace-2")).toBe(false);
    expect(model.has("peace-1")).toBe(true);
  });

  it("without a stream, re-reads the newest months after the TTL: deletions and new articles show", async () => {
    const archived = article({ id: "archive-1", title: "Talks stall", body: "Peace talks stalled again.", publishedAt: daysAfter(-45) });
    const list = [...newsroom(), archived];
    const source = listSource(list);
    let now = 0;
    const model = new RelatedModel({ source, now: () => now, refreshAfterMs: 60_000, recentMonths: 2 });
    await model.ready();
    expect(model.has("peace-2")).toBe(true);

    list.splice(list.findIndex((a) => a.id === "peace-2"), 1);
    list.splice(list.indexOf(archived), 1);
    list.push(article({ id: "peace-5", title: "Treaty ratified", body: "Parliaments ratified the peace treaty.", publishedAt: daysAfter(4) }));
    await model.ready(); // not due yet
    expect(model.has("peace-2")).toBe(true);

    now = 61_000;
    await model.ready(); // starts the refresh in the background
    await model.refreshRecent(); // waits for it
    expect(model.has("peace-2")).toBe(false);
    expect(model.has("peace-5")).toBe(true);
    expect(model.has("archive-1")).toBe(true); // older months wait for the full reload
    expect(ids(model, "peace-1")).not.toContain("peace-2");
  });
});

import { describe, expect, it } from "vitest";
import { DocWords, emptyWords } from "../../functions/search/doc-words.js";
import { searchKey } from "../../functions/text/index.js";

const read = (store: DocWords, at: number, language: string) => {
  const title = store.title(at, language, emptyWords());
  const summary = store.summary(at, language, emptyWords());
  return {
    title: title.norms.slice(0, title.length),
    titleKeys: title.keys.slice(0, title.length),
    summary: summary.norms.slice(0, summary.length),
  };
};

describe("DocWords", () => {
  it("gives back each document's title and summary words, with match keys for its language", () => {
    const store = new DocWords();
    const a = store.add(["elections", "delayed"], ["the", "vote", "moves"]);
    const b = store.add(["выборы"], []);
    expect(read(store, a, "en")).toEqual({ title: ["elections", "delayed"], titleKeys: [searchKey("elections", "en"), searchKey("delayed", "en")], summary: ["the", "vote", "moves"] });
    expect(read(store, b, "ru")).toEqual({ title: ["выборы"], titleKeys: [searchKey("выборы", "ru")], summary: [] });
    expect(store.titleLength(a)).toBe(2);
    expect(store.summaryLength(b)).toBe(0);
    expect(store.titleText(a)).toBe("elections delayed");
  });

  it("reads a shorter text into a longer scratch without its old words counting", () => {
    const store = new DocWords();
    const long = store.add(["one", "two", "three"], []);
    const short = store.add(["four"], []);
    const scratch = emptyWords();
    store.title(long, "en", scratch);
    store.title(short, "en", scratch);
    expect(scratch.length).toBe(1);
    expect(scratch.norms[0]).toBe("four");
  });

  it("keeps one copy of equal strings", () => {
    const store = new DocWords();
    const a = "ab".repeat(3);
    const b = ["aba", "bab"].join("");
    expect(store.shared(a)).toBe(store.shared(b.slice(0, 3) + b.slice(3)));
    expect(store.sharedList([])).toBe(store.sharedList([]));
  });

  it("compacts released runs away and tells each live document where its words moved", () => {
    const store = new DocWords();
    const runs: number[] = [];
    // Enough replaced documents for the arena to count as fragmented.
    for (let i = 0; i < 20_000; i++) {
      const at = store.add([`title${i % 50}`, "word"], ["summary", `s${i % 7}`]);
      if (i % 10 === 0) runs.push(at);
      else store.release(at);
    }
    expect(store.fragmented).toBe(true);
    const before = runs.map((at) => read(store, at, "en"));
    const moved: number[] = [];
    store.compact(runs, (index, at) => (moved[index] = at));
    expect(store.fragmented).toBe(false);
    expect(moved).toHaveLength(runs.length);
    expect(moved.map((at) => read(store, at, "en"))).toEqual(before);
    // The compacted arena holds only the live runs: 6 slots each.
    expect(moved[moved.length - 1]).toBe((runs.length - 1) * 6);
  });
});

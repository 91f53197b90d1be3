import { describe, expect, it } from "vitest";
import { Vocabulary, allowedTypos, type TypoMatch } from "../../functions/search/typos.js";

function vocabulary(...words: Array<string | [string, number]>): Vocabulary {
  const v = new Vocabulary();
  for (const w of words) typeof w === "string" ? v.add(w) : v.add(w[0], w[1]);
  return v;
}

const terms = (matches: TypoMatch[]) => matches.map((m) => `${m.term}${m.prefix ? "*" : ""}:${m.typos}`);

describe("allowedTypos", () => {
  it.each([
    ["vote", 0],
    ["votes", 1],
    ["minister", 1],
    ["ministers", 2],
    ["infrastructure", 2],
    ["əliyev", 1], // letters, not UTF-16 units or bytes
    ["2024", 0],
    ["123456789", 0],
    ["covid19", 0],
  ])("%s → %d", (word, typos) => {
    expect(allowedTypos(word)).toBe(typos);
  });
});

describe("Vocabulary.expand", () => {
  const v = vocabulary("saturday", "sunday", "government", "governments", "governor", "seven", "vote", "parliament", "parliamentary");

  it("counts a substitution, an insertion, a deletion or a swap as one typo", () => {
    expect(terms(v.expand("saturdey"))).toEqual(["saturday:1"]);
    expect(terms(v.expand("satturday"))).toContain("saturday:1");
    expect(terms(v.expand("satuday"))).toEqual(["saturday:1"]);
    expect(terms(v.expand("sautrday"))).toEqual(["saturday:1"]);
  });

  it("finds the word itself with no typo", () => {
    expect(terms(v.expand("saturday"))).toEqual(["saturday:0"]);
  });

  it("allows no typo below 5 letters, one from 5 and two from 9", () => {
    expect(v.expand("vate")).toEqual([]);
    expect(terms(v.expand("sevan"))).toEqual(["seven:1"]);
    expect(v.expand("sevvna")).toEqual([]); // two typos, 6 letters
    expect(terms(v.expand("sveen"))).toEqual(["seven:1"]);
    expect(v.expand("satrudya")).toEqual([]); // 8 letters, two swaps
    expect(terms(v.expand("goevrnemnt"))).toContain("government:2"); // 10 letters, two swaps
    expect(v.expand("goevrnemtn")).toEqual([]); // three
  });

  it("counts a typo on the first letter as two", () => {
    expect(v.expand("caturday")).toEqual([]); // one typo allowed, the first letter costs two
    expect(terms(v.expand("xovernment"))).toContain("government:2");
    expect(terms(v.expand("overnment"))).toContain("government:2");
  });

  it("never allows typos on numbers", () => {
    const numbers = vocabulary("2023", "20234", "123456789");
    expect(numbers.expand("2024")).toEqual([]);
    expect(numbers.expand("123456780")).toEqual([]);
  });

  it("returns the fewest typos first, then the more frequent word", () => {
    const ranked = vocabulary(["banks", 1], ["tanks", 50], ["bank", 3], ["barks", 9]);
    expect(terms(ranked.expand("banks"))).toEqual(["banks:0", "barks:1", "bank:1"]);
    expect(ranked.expand("banks", { limit: 2 })).toHaveLength(2);
  });

  it("in prefix mode returns starts of words within the typos", () => {
    // "parlia" is one deletion from "parliam", so words starting with it are within one typo too.
    expect(terms(v.expand("parliam", { prefix: true }))).toEqual(["parliam*:0", "parlia*:1"]);
    const swapped = v.expand("parlaim", { prefix: true });
    expect(swapped.length).toBeGreaterThan(0);
    for (const m of swapped) {
      expect(m.prefix).toBe(true);
      expect(m.typos).toBe(1);
      expect("parliamentary".startsWith(m.term)).toBe(true);
    }
    expect(v.expand("vot", { prefix: true })).toEqual([{ term: "vot", typos: 0, prefix: true, count: 0 }]);
    expect(v.expand("vat", { prefix: true })).toEqual([]);
  });

  it("sees words added after a previous lookup", () => {
    const growing = vocabulary("budget");
    expect(growing.expand("sanctions")).toEqual([]);
    growing.add("sanctions");
    expect(terms(growing.expand("sanctoins"))).toEqual(["sanctions:1"]);
    expect(growing.has("sanctions")).toBe(true);
    expect(growing.size).toBe(2);
    growing.clear();
    expect(growing.size).toBe(0);
    expect(growing.expand("sanctions")).toEqual([]);
  });

  it("answers the same once its trie is laid out again, and keeps learning words", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const word = () => Array.from({ length: 3 + Math.floor(random() * 9) }, () => "aeioustrnlcdpm"[Math.floor(random() * 14)]).join("");
    const v = new Vocabulary();
    const added = Array.from({ length: 5000 }, word);
    for (const w of added) v.add(w, 1 + Math.floor(random() * 5));
    for (const w of added.slice(0, 300)) v.remove(w, 2);
    const probes = added.slice(1000, 1200);
    const answers = () =>
      probes.map((w) => [
        terms(v.expand(w)),
        terms(v.expand(w.slice(0, 5), { prefix: true })),
        terms(v.expand(w, { maxTypos: 2 })),
        v.count(w),
        v.countUnder(w.slice(0, 3), 1e9),
      ]);
    const trie = () => (v as unknown as { trie: { size: number; firstChild: Int32Array } }).trie;
    // Depth first: a node's first child comes right after it.
    const depthFirst = () => {
      const { size, firstChild } = trie();
      for (let node = 0; node < size; node++) if (firstChild[node] !== 0 && firstChild[node] !== node + 1) return false;
      return true;
    };
    const before = answers();
    const size = v.size;
    expect(depthFirst()).toBe(false); // words added in no order scatter the subtrees
    v.compact();
    expect(depthFirst()).toBe(true);
    expect(answers()).toEqual(before);
    expect(v.size).toBe(size);
    v.add("zzzyzx");
    expect(terms(v.expand("zzzyzz"))).toEqual(["zzzyzx:1"]);
  });

  it("handles letters outside the Basic Multilingual Plane", () => {
    const v2 = vocabulary("𝒜bcdef", "abcdef");
    expect(terms(v2.expand("𝒜bcdxf"))).toEqual(["𝒜bcdef:1"]);
  });

  it("finds transposed and half-typed words in a 100k-word vocabulary", () => {
    // mulberry32: a seeded generator, so the vocabulary is the same on every run.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const big = new Vocabulary();
    const sample: string[] = [];
    while (big.size < 100_000) {
      const length = 4 + Math.floor(random() * 10);
      let word = "";
      for (let i = 0; i < length; i++) word += "etaoinshrdlcumwfgypbvk"[Math.floor(random() * random() * 22)];
      big.add(word);
      if (sample.length < 300 && length >= 7) sample.push(word);
    }
    for (const word of sample) {
      const swapped = word.slice(0, 3) + word[4] + word[3] + word.slice(5);
      expect(big.expand(swapped).some((m) => m.term === word)).toBe(true);
      expect(big.expand(word.slice(0, 5), { prefix: true }).length).toBeGreaterThan(0);
    }
    // Speed is the bench's business (npm run bench), never a timed assertion here.
  });
});

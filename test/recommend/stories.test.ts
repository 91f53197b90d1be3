import { describe, expect, it } from "vitest";
import { chooseStory, minHashOf, overlapOf, withoutNearDuplicates, MINHASH_SIZE } from "../../functions/recommend/stories.js";

const BASE =
  "The central bank raised its main interest rate by half a point on Tuesday, citing inflation that has stayed above target for a year. " +
  "Economists had expected a smaller move; the governor said further increases were possible if prices kept rising.";
const UPDATE = BASE + " Markets fell after the announcement and the currency gained against the dollar.";
const OTHER =
  "Parliament approved the new electoral code after a night of debate. The opposition walked out before the vote and promised to appeal to the constitutional court.";

describe("MinHash", () => {
  it("is a compact 128 × 16-bit signature", () => {
    const m = minHashOf("Bank raises rates", BASE);
    expect(Buffer.from(m, "base64")).toHaveLength(MINHASH_SIZE * 2);
    expect(m.length).toBe(344);
  });

  it("estimates shingle overlap: same text 1, an updated copy high, another story near 0", () => {
    const a = minHashOf("Bank raises rates", BASE);
    expect(overlapOf(a, minHashOf("Bank raises rates", BASE))).toBe(1);
    const update = overlapOf(a, minHashOf("Bank raises rates, markets fall", UPDATE));
    expect(update).toBeGreaterThan(0.6);
    expect(update).toBeLessThan(1);
    expect(overlapOf(a, minHashOf("Electoral code passes", OTHER))).toBeLessThan(0.1);
  });

  it("reads a missing or malformed signature as no overlap", () => {
    const a = minHashOf("t", BASE);
    expect(overlapOf(a, undefined)).toBe(0);
    expect(overlapOf(a, "not base64 of the right size")).toBe(0);
  });
});

describe("chooseStory", () => {
  const at = Date.UTC(2026, 2, 1);
  const mine = { publishedAtMs: at, minHash: minHashOf("Bank raises rates", BASE) };
  const copy = { id: "copy", storyId: "s1", publishedAtMs: at - 3600_000, minHash: minHashOf("Bank raises rates again", UPDATE), cosine: 0.2 };
  const topic = { id: "topic", storyId: "s2", publishedAtMs: at, minHash: minHashOf("Electoral code passes", OTHER), cosine: 0.9 };

  it("joins a copy by wording alone, whatever the cosine", () => {
    expect(chooseStory(mine, [topic, copy])).toMatchObject({ storyId: "s1", via: "copy" });
  });

  it("does not join on topic alone (high cosine, different wording)", () => {
    expect(chooseStory(mine, [topic])).toBeNull();
  });

  it("joins on cosine with moderate overlap, and only within the window", () => {
    const follow = { ...copy, cosine: 0.6 };
    expect(chooseStory(mine, [follow], { cosine: 0.5, overlap: 0.3, copy: 0.99, windowDays: 7 })?.storyId).toBe("s1");
    expect(chooseStory(mine, [{ ...follow, cosine: 0.4 }], { cosine: 0.5, overlap: 0.3, copy: 0.99, windowDays: 7 })).toBeNull();
    expect(chooseStory(mine, [{ ...copy, publishedAtMs: at - 8 * 86_400_000 }])).toBeNull();
  });
});

describe("withoutNearDuplicates", () => {
  const sig = (text: string) => minHashOf("", text);
  it("skips items that copy the source or a kept item, keeps the order and the limit", () => {
    const items = [
      { id: "a", m: sig(OTHER) },
      { id: "copy-of-source", m: sig(BASE) },
      { id: "copy-of-a", m: sig(OTHER) },
      { id: "unsigned", m: undefined },
      { id: "b", m: sig(UPDATE.split(" ").reverse().join(" ")) },
    ];
    const kept = withoutNearDuplicates(sig(BASE), items, (i) => i.m, 5).map((i) => i.id);
    expect(kept).toEqual(["a", "unsigned", "b"]);
    expect(withoutNearDuplicates(sig(BASE), items, (i) => i.m, 1).map((i) => i.id)).toEqual(["a"]);
  });
});

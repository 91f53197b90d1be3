import { describe, expect, it } from "vitest";
import { firstContentWords, parseJudgedQueries } from "../../scripts/eval/adhoc.js";

describe("parseJudgedQueries", () => {
  it("reads one judged query per line, skipping blank lines and repeated ids", () => {
    const text = `{"q": "cocoa prices", "relevant": ["r1", "r2", "r1"]}\n\n{"q": "oil", "relevant": []}\n`;
    expect(parseJudgedQueries(text)).toEqual([
      { q: "cocoa prices", relevant: ["r1", "r2"] },
      { q: "oil", relevant: [] },
    ]);
  });

  it("takes any {q, relevant} row: numeric ids as strings, other fields ignored", () => {
    expect(parseJudgedQueries(`{"id": 7, "q": "wheat", "relevant": [12, "r3"], "note": "x"}`)).toEqual([{ q: "wheat", relevant: ["12", "r3"] }]);
  });

  it("keeps the first content words of a query for the short variant", () => {
    expect(firstContentWords([{ q: "What articles exist on the TSS time sharing system?", relevant: ["a"] }], 3)).toEqual([{ q: "articles exist tss", relevant: ["a"] }]);
  });

  it("names the line of a malformed row", () => {
    expect(() => parseJudgedQueries(`{"q": "a", "relevant": []}\n{"q": "b"}`, "q.ndjson")).toThrow("q.ndjson:2");
    expect(() => parseJudgedQueries(`not json`, "q.ndjson")).toThrow("q.ndjson:1: not valid JSON");
    expect(() => parseJudgedQueries(`{"q": "", "relevant": []}`)).toThrow();
  });
});

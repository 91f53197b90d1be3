import { describe, expect, it } from "vitest";
import { topicQueries } from "../../scripts/eval/topic-queries.js";

const row = (id: string, topics: string[], body: string) => ({ id, title: `Title ${id}`, body, topics });

describe("topicQueries", () => {
  it("turns a topic whose name the articles use into a query judged by its labels", () => {
    const rows = [
      row("1", ["cocoa"], "Cocoa prices rose."),
      row("2", ["cocoa"], "The bean harvest was late."),
      row("3", ["cocoa", "coffee"], "cocoa and coffee exports"),
      row("4", ["coffee"], "Coffee output fell."),
      row("5", [], "cocoa mentioned but not labelled"),
    ];
    expect(topicQueries(rows, { minArticles: 2, minUsage: 0.5 })).toEqual([
      { q: "cocoa", relevant: ["1", "2", "3"] },
      { q: "coffee", relevant: ["3", "4"] },
    ]);
  });

  it("skips codes and names the articles do not use, and topics with too few articles", () => {
    const rows = [
      row("1", ["acq", "money-fx"], "Company buys rival."),
      row("2", ["acq"], "Takeover agreed."),
      row("3", ["gold"], "gold"),
      row("4", ["earnings"], "Net profit rose."),
      row("5", ["earnings"], "Quarterly earnings up."),
    ];
    expect(topicQueries(rows, { minArticles: 2, minUsage: 0.6 })).toEqual([]);
  });

  it("matches the name as a whole word only", () => {
    const rows = [row("1", ["tin"], "Tinted glass, continental."), row("2", ["tin"], "Tin mines closed.")];
    expect(topicQueries(rows, { minArticles: 2, minUsage: 0.6 })).toEqual([]);
    expect(topicQueries(rows, { minArticles: 2, minUsage: 0.5 })).toEqual([{ q: "tin", relevant: ["1", "2"] }]);
  });
});

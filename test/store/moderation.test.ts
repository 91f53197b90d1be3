import { describe, expect, it } from "vitest";
import { moderate, parseBlocklist } from "../../functions/store/moderation.js";

const check = (text: string, displayName = "Ana", blocklist: string[] = []) => moderate({ text, displayName }, blocklist);

describe("review moderation rules", () => {
  it("publishes an ordinary review at once", () => {
    expect(check("A careful, balanced piece on the coalition talks. Thanks!")).toEqual({ status: "published", reasons: [] });
    expect(check("Loved it — the U.S. angle, e.g. the tariffs, was new to me. 10/10.").status).toBe("published");
  });

  it("holds links for a moderator, in the text or the name", () => {
    expect(check("More at https://spam.example/deal").reasons).toContain("link");
    expect(check("see www.cheap-pills.biz now").reasons).toContain("link");
    expect(check("visit bestdeals.com for more").reasons).toContain("link");
    expect(check("Fine article", "promo.xyz").reasons).toContain("link");
    expect(check("Good read.").reasons).not.toContain("link");
  });

  it("holds shouting but not short acronyms", () => {
    expect(check("THIS IS THE WORST ARTICLE EVER WRITTEN").reasons).toContain("shouting");
    expect(check("NATO and the EU met the UN in Baku about OSCE matters").reasons).not.toContain("shouting");
    expect(check("OK!").reasons).not.toContain("shouting");
  });

  it("holds runs of one character", () => {
    expect(check("terrible!!!!!!").reasons).toContain("repeated-characters");
    expect(check("soooooooo good").reasons).toContain("repeated-characters");
    expect(check("Good... really good!!").reasons).not.toContain("repeated-characters");
  });

  it("matches blocklist words and phrases as whole words, ignoring case and width", () => {
    const blocklist = parseBlocklist(" Scam , buy now,  ,SCAM");
    expect(blocklist).toEqual(["scam", "buy now"]);
    expect(check("What a SCAM this is", "Ana", blocklist).reasons).toContain("blocked-word");
    expect(check("Click to Buy   Now please", "Ana", blocklist).reasons).toContain("blocked-word");
    expect(check("Fine", "Mr Scam", blocklist).reasons).toContain("blocked-word");
    expect(check("Scampi recipes are off topic", "Ana", blocklist).reasons).not.toContain("blocked-word");
    expect(check("Ｓｃａｍ in full width", "Ana", blocklist).reasons).toContain("blocked-word");
    expect(check("What a scam", "Ana", []).status).toBe("published");
  });

  it("holds text under 3 characters and over 5000", () => {
    expect(check("ok").reasons).toEqual(["too-short"]);
    expect(check("  ok  ").reasons).toEqual(["too-short"]);
    expect(check("yes").status).toBe("published");
    expect(check("word ".repeat(1001)).reasons).toContain("too-long");
  });

  it("reports every rule that applies", () => {
    const verdict = check("BUY AT HTTP://X.RU NOW!!!!!!!", "Ana", parseBlocklist("buy"));
    expect(verdict.status).toBe("pending");
    expect(new Set(verdict.reasons)).toEqual(new Set(["link", "shouting", "repeated-characters", "blocked-word"]));
  });
});

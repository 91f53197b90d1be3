import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanBody } from "../../functions/articles/clean.js";
import { deriveSummary, splitSentences } from "../../functions/articles/summary.js";

const exampleBody = cleanBody(readFileSync(new URL("./fixtures/raw-article-page.txt", import.meta.url), "utf8"));

describe("deriveSummary", () => {
  it("takes the first two sentences of the example, skipping the photo caption and mending the missing space", () => {
    expect(deriveSummary(exampleBody)).toBe(
      "On August 19, Russian President Vladimir Putin will begin his visit to Baku. During the two-day state visit to Azerbaijan, the two presidents will discuss interstate and international relations, and bilateral documents will be signed.",
    );
  });

  it("takes only the first sentence when two do not fit", () => {
    expect(deriveSummary(exampleBody, 120)).toBe("On August 19, Russian President Vladimir Putin will begin his visit to Baku.");
  });

  it("does not break after abbreviations, initials or U.S.", () => {
    const body =
      "Mr. Smith met Dr. J. R. Jones and U.S. Secretary of State Antony Blinken in Washington on Monday. The talks lasted three hours. Nothing was signed.";
    expect(deriveSummary(body, 200)).toBe(
      "Mr. Smith met Dr. J. R. Jones and U.S. Secretary of State Antony Blinken in Washington on Monday. The talks lasted three hours.",
    );
  });

  it("cuts a long first sentence on a word boundary and marks the cut with …", () => {
    const body = `${"The delegation discussed energy, transport and humanitarian cooperation ".repeat(6)}at length.`;
    const summary = deriveSummary(body, 100);
    expect(summary.length).toBeLessThanOrEqual(100);
    expect(summary.endsWith("…")).toBe(true);
    const head = summary.slice(0, -1);
    expect(body.startsWith(head)).toBe(true);
    expect(body[head.length]).toMatch(/[\s,]/);
  });

  it("adds no … when the text is whole", () => {
    expect(deriveSummary("Short note without a full stop")).toBe("Short note without a full stop");
    expect(deriveSummary("One sentence only.")).toBe("One sentence only.");
    expect(deriveSummary("")).toBe("");
  });

  it("works on Russian text with initials and г.", () => {
    const body = "В. Путин прибыл в г. Баку 19 августа. Визит продлится два дня. Подробности не сообщаются.";
    expect(deriveSummary(body, 80)).toBe("В. Путин прибыл в г. Баку 19 августа. Визит продлится два дня.");
  });
});

describe("splitSentences", () => {
  it("ends a sentence at U.S. or Inc. only before a typical sentence opener", () => {
    expect(splitSentences("He lives in the U.S. He works in Baku. Standard Oil Co. The deal closed.")).toEqual([
      "He lives in the U.S.",
      "He works in Baku.",
      "Standard Oil Co.",
      "The deal closed.",
    ]);
    expect(splitSentences("Shares of Texaco Inc. Fell sharply.")).toEqual(["Shares of Texaco Inc. Fell sharply."]);
  });

  it("keeps closing quotes with their sentence and handles ? and !", () => {
    expect(splitSentences("“We agree,” said Slutsky. Why now? Because of the war! «Да», — сказал он.")).toEqual([
      "“We agree,” said Slutsky.",
      "Why now?",
      "Because of the war!",
      "«Да», — сказал он.",
    ]);
  });

  it("does not split decimals or lower-case continuations", () => {
    expect(splitSentences("Output rose 5.93 pct. in March, e.g. oil and gas.")).toEqual(["Output rose 5.93 pct. in March, e.g. oil and gas."]);
  });
});

import { describe, expect, it } from "vitest";
import { STOP_WORDS, STOP_WORDS_AS_WRITTEN, STOP_WORD_LISTS, TOPICLESS, contentWords, isStopWord } from "../../functions/text/index.js";
import { contentTerms } from "../../functions/recommend/features.js";

describe("stop words", () => {
  it("holds English, Russian and Azerbaijani function words, folded as the index folds them", () => {
    for (const word of ["the", "which", "и", "что", "va", "ucun", "ila"]) expect(isStopWord(word), word).toBe(true);
    expect(STOP_WORDS.has("və")).toBe(false); // folded: və → va
    // Apostrophes split words in the index: the parts of "don't" are what a query holds.
    expect(isStopWord("don")).toBe(true);
  });

  it("keeps content words, and holds no word of a news corpus's trade", () => {
    for (const word of ["wheat", "parliament", "выборы", "secki", "oil", "reuters", "mln", "pct", "dlrs"]) {
      expect(isStopWord(word), word).toBe(false);
      expect(TOPICLESS.has(word), word).toBe(false);
    }
  });

  it("contentWords drops stop words unless nothing else is left", () => {
    expect(contentWords("What is the price of wheat in Baku?")).toEqual(["price", "wheat", "baku"]);
    expect(contentWords("The Who")).toEqual(["the", "who"]);
  });

  it("gives engines that fold differently the words as written", () => {
    expect(STOP_WORDS_AS_WRITTEN).toContain("və");
    expect(STOP_WORDS_AS_WRITTEN).toContain("the");
  });

  it("keeps each language's own letters in the lists language detection counts", () => {
    expect(STOP_WORD_LISTS.az).toContain("və");
    expect(STOP_WORD_LISTS.tr).toContain("ve");
    expect(STOP_WORD_LISTS.tr).not.toContain("və");
  });

  it("related-story features drop stop words and topicless words; search keeps the topicless ones", () => {
    const terms = contentTerms("The minister said и заявил və bildirib this year: wheat", "en").map((t) => t.word);
    expect(terms).toEqual(["minister", "wheat"]);
    for (const word of ["said", "year", "bildirib"]) expect(isStopWord(word), word).toBe(false);
    for (const word of STOP_WORDS) expect(TOPICLESS.has(word), word).toBe(true);
  });
});

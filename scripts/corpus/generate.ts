/**
 * A synthetic politics corpus with the statistics that matter to a search engine: Zipf word
 * frequencies, log-normal article lengths, topical clusters, repeated standing headlines and a
 * multilingual share (Russian, Azerbaijani). Same options, same corpus, on every machine.
 */
import { buildVocabulary, functionWordCount, pseudoName, type CorpusLanguage } from "./vocabulary.js";
import { createRng, deriveSeed, normal, pick, randomInt, sample, zipfSampler, type Rng } from "./prng.js";
import type { CorpusArticle } from "./types.js";

export interface GeneratorOptions {
  size: number;
  seed?: number;
  /** Share of non-English articles (split 2:1 between Russian and Azerbaijani). */
  multilingualShare?: number;
  topicCount?: number;
}

export const DEFAULT_SEED = 20_250_101;

const LANGUAGES: CorpusLanguage[] = ["en", "ru", "az"];
const START = Date.UTC(2024, 0, 1);
const SPAN_MS = 730 * 24 * 3600 * 1000;

const STANDING_HEADLINES: Record<CorpusLanguage, string[]> = {
  en: ["Daily briefing", "Week in review", "Live updates from parliament", "What we know so far", "Letters to the editor", "Morning politics digest"],
  ru: ["Главное за день", "Итоги недели", "Прямая трансляция из парламента"],
  az: ["Günün əsas xəbərləri", "Həftənin yekunları", "Parlamentdən canlı yayım"],
};

interface LanguageModel {
  vocabulary: string[];
  draw: (rng: Rng) => number;
  authors: string[];
}

interface Topic {
  tag: string;
  words: Record<CorpusLanguage, string[]>;
  names: Record<CorpusLanguage, string[]>;
}

export function generateCorpus(opts: GeneratorOptions): CorpusArticle[] {
  const seed = opts.seed ?? DEFAULT_SEED;
  const share = opts.multilingualShare ?? 0.15;
  const models = Object.fromEntries(LANGUAGES.map((l) => [l, languageModel(l, seed)])) as Record<CorpusLanguage, LanguageModel>;
  const topics = buildTopics(opts.topicCount ?? 40, models, seed);
  const tagPool = buildTagPool(seed);
  const drawTopic = zipfSampler(topics.length, 0.8);
  const drawTag = zipfSampler(tagPool.length, 1);
  const rng = createRng(deriveSeed(seed, "articles"));

  const articles: CorpusArticle[] = [];
  for (let i = 0; i < opts.size; i++) {
    const language: CorpusLanguage = rng() >= share ? "en" : rng() < 2 / 3 ? "ru" : "az";
    const topic = topics[drawTopic(rng)];
    const model = models[language];
    const title =
      rng() < 0.015 ? pick(rng, STANDING_HEADLINES[language]) : sentence(rng, model, topic, language, titleLength(rng), { title: true });
    const body = articleBody(rng, model, topic, language);
    const publishedAt = new Date(START + Math.floor(rng() * SPAN_MS)).toISOString().replace(/\.\d{3}Z$/, "Z");
    const tags = new Set<string>();
    if (rng() < 0.7) tags.add(topic.tag);
    for (let t = randomInt(rng, 0, 2); t > 0; t--) tags.add(tagPool[drawTag(rng)]);
    const article: CorpusArticle = {
      id: `gen-${String(i + 1).padStart(6, "0")}`,
      title,
      body,
      publishedAt,
      section: "politics",
      language,
      tags: [...tags],
      authors: rng() < 0.9 ? sample(rng, model.authors, rng() < 0.85 ? 1 : 2) : [],
      topics: [topic.tag],
    };
    if (rng() < 0.95) article.url = `https://news.example.com/${language}/politics/${publishedAt.slice(0, 7).replace("-", "/")}/${article.id}`;
    if (rng() < 0.3) article.summary = body.split(/(?<=\.)\s/)[0];
    articles.push(article);
  }
  return articles;
}

function languageModel(language: CorpusLanguage, seed: number): LanguageModel {
  const vocabulary = buildVocabulary(language, seed);
  const rng = createRng(deriveSeed(seed, `authors:${language}`));
  const authors = Array.from({ length: 20 }, () => `${pseudoName(rng, language)} ${pseudoName(rng, language)}`);
  return { vocabulary, draw: zipfSampler(vocabulary.length, 1.05), authors };
}

function buildTopics(count: number, models: Record<CorpusLanguage, LanguageModel>, seed: number): Topic[] {
  const topics: Topic[] = [];
  const usedTags = new Set<string>();
  for (let t = 0; t < count; t++) {
    const rng = createRng(deriveSeed(seed, `topic:${t}`));
    const words = {} as Record<CorpusLanguage, string[]>;
    const names = {} as Record<CorpusLanguage, string[]>;
    for (const language of LANGUAGES) {
      // Topic words come from the middle of the ranking: specific enough to mark a subject.
      const middle = models[language].vocabulary.slice(150, 4000);
      words[language] = sample(rng, middle, 25);
      names[language] = Array.from({ length: 6 }, () => pseudoName(rng, language));
    }
    let tag = words.en[0];
    while (usedTags.has(tag)) tag += "-" + t;
    usedTags.add(tag);
    topics.push({ tag, words, names });
  }
  return topics;
}

function buildTagPool(seed: number): string[] {
  const rng = createRng(deriveSeed(seed, "tags"));
  return Array.from({ length: 200 }, () => pseudoName(rng, "en").toLowerCase());
}

function titleLength(rng: Rng): number {
  return Math.max(3, Math.min(16, Math.round(8 + 2.5 * normal(rng))));
}

function articleBody(rng: Rng, model: LanguageModel, topic: Topic, language: CorpusLanguage): string {
  // Log-normal lengths: most articles a few hundred words, a long tail of long reads.
  const target = Math.max(40, Math.min(3000, Math.round(Math.exp(Math.log(320) + 0.55 * normal(rng)))));
  const paragraphs: string[] = [];
  let written = 0;
  while (written < target) {
    const sentences: string[] = [];
    for (let s = randomInt(rng, 2, 5); s > 0 && written < target; s--) {
      const length = Math.max(5, Math.min(40, Math.round(18 + 6 * normal(rng))));
      sentences.push(sentence(rng, model, topic, language, length, { title: false }));
      written += length;
    }
    paragraphs.push(sentences.join(" "));
  }
  return paragraphs.join("\n\n");
}

function sentence(rng: Rng, model: LanguageModel, topic: Topic, language: CorpusLanguage, length: number, opts: { title: boolean }): string {
  const words: string[] = [];
  const skipFunctionWords = opts.title ? 0.7 : 0;
  const functionWords = functionWordCount(language);
  while (words.length < length) {
    const r = rng();
    if (r < (opts.title ? 0.35 : 0.15)) words.push(pick(rng, topic.words[language]));
    else if (r < (opts.title ? 0.5 : 0.18)) words.push(pick(rng, topic.names[language]));
    else if (r < (opts.title ? 0.5 : 0.19)) words.push(String(randomInt(rng, 2, 2025)));
    else {
      const rank = model.draw(rng);
      if (rank < functionWords && rng() < skipFunctionWords) continue;
      words.push(model.vocabulary[rank]);
    }
  }
  const text = words.join(" ");
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return opts.title ? capitalised : capitalised + ".";
}

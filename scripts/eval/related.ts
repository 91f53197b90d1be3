/**
 * Offline evaluation of related stories and recommendations on Reuters-21578.
 *
 * (1) Related P@5: for every article that has topics, a suggestion counts when it shares a topic with
 *     it. Ours is printed next to a plain tf-idf cosine baseline computed in the same run.
 * (2) Simulated readers: readers with topic preferences read through the corpus; we measure how often
 *     the related list and the recommendations contain a held-out next read, with co-reading on and off.
 *     Assumptions are written down in docs/related.md.
 *
 * Corpus mapping: tags [] (Reuters has no newsroom tags) and entities from the corpus's own PEOPLE,
 * PLACES and ORGS labels; TOPICS are never shown to the model, they are only the judgement.
 *
 * `npm run eval` calls the exported functions (with an HTTP-backed fetchRelated for the final
 * numbers); `tsx scripts/eval/related.ts [--corpus FILE] [--sample N] [--entities labels|extracted|off]
 * [--weights entities=0,…] [--no-readers]` runs them in process.
 */
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../../functions/articles/model.js";
import { contentTerms } from "../../functions/recommend/features.js";
import { InProcessRelated } from "./in-process.js";
import { DEFAULT_RELATED_WEIGHTS, type RelatedWeights } from "../../functions/recommend/related.js";
import { extractEntities } from "../../functions/articles/entities.js";
import { recommendFromHistory, type HistoryItem } from "../../functions/recommend/recommendations.js";

/** The shared data sits next to the checkout (../shared/data/…); --corpus or REUTERS_PATH points elsewhere. */
export const REUTERS_PATH = process.env.REUTERS_PATH ?? path.resolve(fileURLToPath(new URL("../../..", import.meta.url)), "shared/data/reuters-21578.ndjson");

export interface EvalArticle extends Article {
  /** The judgement only; never given to the model. */
  topics: string[];
}

interface ReutersRecord {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
  topics?: string[];
  places?: string[];
  people?: string[];
  orgs?: string[];
}

/** Reads the corpus as articles of record (entities from its PEOPLE/PLACES/ORGS labels, no tags). */
export async function loadReuters(file = REUTERS_PATH): Promise<EvalArticle[]> {
  // A checkout without the shared data next to it (a second worktree, a CI runner) must say what to pass.
  if (!existsSync(file)) throw new Error(`no corpus at ${file}: pass --corpus FILE (or set REUTERS_PATH)`);
  const out: EvalArticle[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let lastDate = "1987-01-01T00:00:00Z";
  for await (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as ReutersRecord;
    // A few records have no date; ids are chronological, so the previous record's date stands in.
    if (!r.publishedAt || Number.isNaN(Date.parse(r.publishedAt))) r.publishedAt = lastDate;
    lastDate = r.publishedAt;
    out.push(reutersArticle(r));
  }
  return out;
}

export function reutersArticle(r: ReutersRecord): EvalArticle {
  const title = r.title?.trim() || r.body.slice(0, 80);
  return {
    id: r.id,
    title,
    body: r.body,
    url: `https://newsline.example/reuters/${r.id}`,
    summary: "",
    section: "economy",
    tags: [],
    authors: [],
    language: "en",
    publishedAt: r.publishedAt,
    updatedAt: r.publishedAt,
    imageUrl: null,
    entities: { people: r.people ?? [], places: r.places ?? [], orgs: r.orgs ?? [] },
    version: 1,
    topics: r.topics ?? [],
  };
}

/** Related ids for an article, best first, at most `limit`. */
export type FetchRelated = (id: string, limit: number) => Promise<string[]>;

export interface PrecisionResult {
  precision: number;
  evaluated: number;
}

/** Articles with topics, optionally every k-th of them for quick runs. */
export function judgedArticles(articles: EvalArticle[], sample?: number): EvalArticle[] {
  const judged = articles.filter((a) => a.topics.length > 0);
  if (!sample || sample >= judged.length) return judged;
  const step = judged.length / sample;
  return Array.from({ length: sample }, (_, i) => judged[Math.floor(i * step)]);
}

/** How many suggestions are fetched for the judged-only measure, to find k that carry topics. */
const CONDENSED_DEPTH = 20;

export interface PrecisionOptions {
  k?: number;
  sample?: number;
  concurrency?: number;
  /**
   * Condensed list: suggestions without topic labels cannot be judged, so they are skipped and the
   * first k judged ones count (the usual treatment of incomplete judgements). Off: an unlabelled
   * suggestion counts as a miss.
   */
  judgedOnly?: boolean;
}

/** Mean P@k over judged articles: a suggestion is right when it shares a topic with the article. */
export async function precisionAt(articles: EvalArticle[], fetchRelated: FetchRelated, opts: PrecisionOptions = {}): Promise<PrecisionResult> {
  const k = opts.k ?? 5;
  const topics = new Map(articles.map((a) => [a.id, new Set(a.topics)]));
  const judged = judgedArticles(articles, opts.sample);
  let sum = 0;
  let next = 0;
  const worker = async () => {
    while (next < judged.length) {
      const a = judged[next++];
      const own = topics.get(a.id)!;
      let ids = await fetchRelated(a.id, opts.judgedOnly ? CONDENSED_DEPTH : k);
      if (opts.judgedOnly) ids = ids.filter((id) => (topics.get(id)?.size ?? 0) > 0);
      const hits = ids.slice(0, k).filter((id) => [...(topics.get(id) ?? [])].some((t) => own.has(t))).length;
      sum += hits / k;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 1 }, worker));
  return { precision: judged.length ? sum / judged.length : 0, evaluated: judged.length };
}

/** Our related stories, in process (no HTTP, no co-reading). */
export function inProcessRelated(articles: Article[], opts: { weights?: Partial<RelatedWeights> } = {}): FetchRelated {
  const model = new InProcessRelated(articles, opts.weights);
  return async (id, limit) => model.related(id, { limit }).map((r) => r.id);
}

/** Related stories through the HTTP API (GET /v1/articles/{id}/related). */
export function httpRelated(baseUrl: string): FetchRelated {
  const url = (id: string, limit: number) => `${baseUrl}/v1/articles/${encodeURIComponent(id)}/related?limit=${limit}`;
  return async (id, limit) => {
    // A keep-alive connection the server closed while idle fails once at the socket; a resend is safe for a GET.
    const res = await fetch(url(id, limit)).catch(() => fetch(url(id, limit)));
    if (!res.ok) throw new Error(`related ${id}: HTTP ${res.status}`);
    const body = (await res.json()) as { items: Array<{ id: string }> };
    return body.items.map((i) => i.id);
  };
}

/**
 * The "more like this" baseline: cosine over full tf-idf vectors of title + body (same tokens),
 * no entities, no time, no diversity.
 */
export function tfidfBaseline(articles: Article[]): FetchRelated {
  const termIds = new Map<string, number>();
  const docTerms: Array<{ terms: Int32Array; weights: Float64Array }> = [];
  const df: number[] = [];
  const counts = articles.map((a) => {
    const c = new Map<number, number>();
    for (const { key } of contentTerms(`${a.title}\n${a.body}`, a.language)) {
      let t = termIds.get(key);
      if (t === undefined) termIds.set(key, (t = termIds.size));
      c.set(t, (c.get(t) ?? 0) + 1);
    }
    for (const t of c.keys()) df[t] = (df[t] ?? 0) + 1;
    return c;
  });
  const n = articles.length;
  const postings: Array<Array<[number, number]>> = Array.from({ length: termIds.size }, () => []);
  counts.forEach((c, doc) => {
    const terms = Int32Array.from(c.keys());
    const weights = Float64Array.from([...c.entries()].map(([t, tf]) => (1 + Math.log(tf)) * Math.log(n / df[t])));
    const norm = Math.hypot(...weights) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    docTerms.push({ terms, weights });
    for (let i = 0; i < terms.length; i++) postings[terms[i]].push([doc, weights[i]]);
  });
  const index = new Map(articles.map((a, i) => [a.id, i]));
  const scores = new Float64Array(n);
  return async (id, limit) => {
    const doc = index.get(id);
    if (doc === undefined) return [];
    const touched: number[] = [];
    const { terms, weights } = docTerms[doc];
    for (let i = 0; i < terms.length; i++) {
      for (const [other, w] of postings[terms[i]]) {
        if (scores[other] === 0) touched.push(other);
        scores[other] += weights[i] * w;
      }
    }
    const ranked = touched.filter((d) => d !== doc).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, limit);
    for (const d of touched) scores[d] = 0;
    return ranked.map((d) => articles[d].id);
  };
}

export interface RelatedEvalResult {
  /** Unlabelled suggestions count as misses. */
  ours: PrecisionResult;
  baseline: PrecisionResult;
  /** Only suggestions with topic labels are judged (condensed list). */
  oursJudged: PrecisionResult;
  baselineJudged: PrecisionResult;
}

/**
 * Related P@5 on the corpus, both ways of treating unlabelled suggestions: ours next to the tf-idf
 * baseline. Pass `fetchRelated` to measure the HTTP API; without it the model runs in process.
 */
export async function relatedPrecisionAt5(
  articles: EvalArticle[],
  opts: { fetchRelated?: FetchRelated; sample?: number; concurrency?: number; weights?: Partial<RelatedWeights> } = {},
): Promise<RelatedEvalResult> {
  const fetchOurs = opts.fetchRelated ?? inProcessRelated(articles, { weights: opts.weights });
  const baseline = tfidfBaseline(articles);
  const common = { sample: opts.sample, concurrency: opts.concurrency };
  // Ours first, both passes back to back, so the API's connections do not sit idle in between.
  const ours = await precisionAt(articles, fetchOurs, common);
  const oursJudged = await precisionAt(articles, fetchOurs, { ...common, judgedOnly: true });
  return {
    ours,
    oursJudged,
    baseline: await precisionAt(articles, baseline, { sample: opts.sample }),
    baselineJudged: await precisionAt(articles, baseline, { sample: opts.sample, judgedOnly: true }),
  };
}

// ---------------------------------------------------------------------------------------------
// Simulated readers

export interface ReaderSimOptions {
  readers?: number;
  readsPerReader?: number;
  /** Probability that a read follows the reader's own topics rather than the front page. */
  loyalty?: number;
  /** Share of each reader's reads held out at the end. */
  heldOut?: number;
  seed?: number;
}

export interface ReaderSimResult {
  readers: number;
  heldOutReads: number;
  /** Share of held-out reads found in the related list (top 5) of the reader's last training read. */
  relatedHitRate: { coReadingOn: number; coReadingOff: number };
  /** Share of readers whose recommendations (top 10) contain one of their held-out reads. */
  recommendationHitRate: { coReadingOn: number; coReadingOff: number };
}

/** A small deterministic generator, so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Readers each like one to three topics. They read in time order: with probability `loyalty` the next
 * read is an article of a liked topic published near the previous read, otherwise any article (the
 * front page). The last `heldOut` share of each reader's reads is hidden; co-reading counts come from
 * the training reads of all readers.
 */
export async function simulateReaders(articles: EvalArticle[], opts: ReaderSimOptions = {}): Promise<ReaderSimResult> {
  const random = rng(opts.seed ?? 7);
  const readersCount = opts.readers ?? 500;
  const readsPerReader = opts.readsPerReader ?? 12;
  const loyalty = opts.loyalty ?? 0.8;
  const heldOutShare = opts.heldOut ?? 0.25;

  const sorted = [...articles].sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : 1));
  const byTopic = new Map<string, number[]>();
  sorted.forEach((a, i) =>
    a.topics.forEach((t) => {
      const list = byTopic.get(t) ?? [];
      list.push(i);
      byTopic.set(t, list);
    }),
  );
  const topics = [...byTopic.entries()].filter(([, l]) => l.length >= 20).map(([t]) => t);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

  const sessions: string[][] = [];
  for (let r = 0; r < readersCount; r++) {
    const liked = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(topics));
    let position = Math.floor(random() * sorted.length * 0.7);
    const reads: string[] = [];
    // Near the end of a small corpus every draw can land on what the reader already read: give up then.
    for (let attempt = 0; reads.length < readsPerReader && attempt < readsPerReader * 20; attempt++) {
      let index: number;
      if (random() < loyalty) {
        const list = byTopic.get(pick(liked))!;
        // The next story of the topic after the current position, a few steps ahead.
        const after = list.findIndex((i) => i > position);
        const from = after < 0 ? list.length - 1 : after;
        index = list[Math.min(list.length - 1, from + Math.floor(random() * 5))];
      } else index = Math.min(sorted.length - 1, position + Math.floor(random() * 200));
      position = index;
      const id = sorted[index].id;
      if (!reads.includes(id)) reads.push(id);
      else position = Math.min(sorted.length - 1, position + 1);
    }
    if (reads.length >= 2) sessions.push(reads);
  }

  const split = sessions.map((reads) => {
    const cut = Math.max(1, Math.round(reads.length * (1 - heldOutShare)));
    return { train: reads.slice(0, cut), test: reads.slice(cut) };
  });

  // Co-reading counters from training reads: readers who read A and later B.
  const coReads = new Map<string, Map<string, number>>();
  for (const { train } of split) {
    for (let i = 0; i < train.length; i++) {
      for (let j = i + 1; j < train.length; j++) {
        const m = coReads.get(train[i]) ?? new Map<string, number>();
        m.set(train[j], (m.get(train[j]) ?? 0) + 1);
        coReads.set(train[i], m);
      }
    }
  }
  const coReadList = (id: string) => [...(coReads.get(id) ?? [])].map(([articleId, count]) => ({ articleId, count }));

  const model = new InProcessRelated(articles);
  const measure = (withCoReads: boolean) => {
    let relatedHits = 0;
    let recommendationHits = 0;
    let heldOut = 0;
    for (const { train, test } of split) {
      const read = new Set(train);
      const last = train[train.length - 1];
      const related = model.related(last, { limit: 5, exclude: read, coReads: withCoReads ? coReadList(last) : [] });
      for (const id of test) {
        heldOut++;
        if (related.some((r) => r.id === id)) relatedHits++;
      }
      const history: HistoryItem[] = [...train].reverse().map((articleId, i) => ({ articleId, weight: Math.pow(0.85, i) }));
      const recs = recommendFromHistory({
        history,
        relatedOf: (id) =>
          model.related(id, { limit: 10, exclude: read, coReads: withCoReads ? coReadList(id) : [] }),
        titleOf: (id) => model.title(id),
        exclude: read,
        limit: 10,
      });
      if (recs.some((r) => test.includes(r.id))) recommendationHits++;
    }
    return { related: relatedHits / heldOut, recommendations: recommendationHits / split.length, heldOut };
  };
  const on = measure(true);
  const off = measure(false);
  return {
    readers: split.length,
    heldOutReads: on.heldOut,
    relatedHitRate: { coReadingOn: on.related, coReadingOff: off.related },
    recommendationHitRate: { coReadingOn: on.recommendations, coReadingOff: off.recommendations },
  };
}

// ---------------------------------------------------------------------------------------------

export type EntitySource = "labels" | "extracted" | "off";

/**
 * The entities the model sees: the corpus's own labels, what the extractor finds in title and
 * body (what production stores), or none (the measure of what entities add).
 */
export function withEntities(articles: EvalArticle[], source: EntitySource): EvalArticle[] {
  if (source === "labels") return articles;
  const none = { people: [], places: [], orgs: [] };
  return articles.map((a) => ({ ...a, entities: source === "off" ? none : extractEntities(a.title, a.body, a.language) }));
}

/** "--weights entities=0,terms=0.9": overrides of DEFAULT_RELATED_WEIGHTS by name. */
export function parseWeights(spec: string): Partial<RelatedWeights> {
  const out: Partial<RelatedWeights> = {};
  for (const pair of spec.split(",").filter(Boolean)) {
    const [name, value] = pair.split("=");
    if (!(name in DEFAULT_RELATED_WEIGHTS) || !Number.isFinite(Number(value))) throw new Error(`--weights: "${pair}" is not name=number of a related weight`);
    out[name as keyof RelatedWeights] = Number(value);
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const sample = flag("--sample") !== undefined ? Number(flag("--sample")) : undefined;
  const entities = (flag("--entities") ?? "labels") as EntitySource;
  if (!["labels", "extracted", "off"].includes(entities)) throw new Error("--entities must be labels, extracted or off");
  const weights = parseWeights(flag("--weights") ?? "");
  const corpus = withEntities(await loadReuters(flag("--corpus") ?? REUTERS_PATH), entities);
  console.log(`entities: ${entities}; weights: ${JSON.stringify({ ...DEFAULT_RELATED_WEIGHTS, ...weights })}`);
  // Two pools: the whole corpus as imported (topic-less stories can be suggested and always count as
  // misses), and only the stories that have topics (every suggestion can be judged).
  const pools: Array<[string, EvalArticle[]]> = [
    ["whole corpus", corpus],
    ["stories with topics", corpus.filter((a) => a.topics.length > 0)],
  ];
  for (const [name, articles] of pools) {
    const started = Date.now();
    const r = await relatedPrecisionAt5(articles, { sample, weights });
    console.log(`related P@5, pool = ${name} (${articles.length} articles), over ${r.ours.evaluated} articles with topics:`);
    console.log(`  ours            ${r.ours.precision.toFixed(4)}   judged suggestions only ${r.oursJudged.precision.toFixed(4)}`);
    console.log(`  tf-idf baseline ${r.baseline.precision.toFixed(4)}   judged suggestions only ${r.baselineJudged.precision.toFixed(4)}   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (!args.includes("--no-readers")) {
    const sim = await simulateReaders(corpus);
    console.log(`simulated readers: ${sim.readers} readers, ${sim.heldOutReads} held-out reads`);
    console.log(`  related hit rate@5          co-reading on ${sim.relatedHitRate.coReadingOn.toFixed(4)}, off ${sim.relatedHitRate.coReadingOff.toFixed(4)}`);
    console.log(`  recommendations hit rate@10 co-reading on ${sim.recommendationHitRate.coReadingOn.toFixed(4)}, off ${sim.recommendationHitRate.coReadingOff.toFixed(4)}`);
  }
}

const thisFile = fileURLToPath(import.meta.url);
// Run only as a script, not when imported (also not when bundled into another entry point).
if (process.argv[1] && thisFile.endsWith(path.join("eval", "related.ts")) && path.resolve(process.argv[1]) === thisFile) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

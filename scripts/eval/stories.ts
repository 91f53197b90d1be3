/**
 * Stories on Reuters-21578, in process (the embedded engine in memory, no HTTP, no DynamoDB):
 *
 * (1) Clustering precision and recall. Labels: two articles are one story when their headlines are
 *     near-identical (word Jaccard ≥ 0.8, both at least 3 words) and they were published within 24 h
 *     of each other — Reuters repeats a story with updates and corrections under the same headline.
 *     Pairs count: recall is the share of labelled pairs that share a storyId; precision the share
 *     of same-story pairs within 24 h that are labelled. Follow-ups under another headline count as
 *     misses of precision, so it is a lower bound. The articles go through the production
 *     assignment (search/indexer.ts assignStories) once, in time order and in stream-sized batches,
 *     recording each one's candidates; the thresholds are then tuned by replaying the decisions on
 *     the earlier half (by time) and reported on the later half.
 * (2) Near-duplicates in related lists: the share of top-5 lists (the production scorer, in process)
 *     holding two items whose word-shingle Jaccard is ≥ 0.8, without and with the near-duplicate
 *     filter, and related P@5 by shared topic both ways.
 *
 * `tsx scripts/eval/stories.ts [--corpus FILE] [--sample N]`; `npm run eval -- --stories` runs it too.
 */
import { parseArgs } from "node:util";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";
import { assignStories, toSearchDocument } from "../../functions/search/indexer.js";
import { profileOf, type StoredProfile } from "../../functions/recommend/profile.js";
import { DEFAULT_STORY_THRESHOLDS, chooseStory, overlapOf, withoutNearDuplicates, type StoryCandidate, type StoryThresholds } from "../../functions/recommend/stories.js";
import { words } from "../../functions/text/index.js";
import { InProcessRelated } from "./in-process.js";
import { loadReuters, REUTERS_PATH, type EvalArticle } from "./related.js";

const DAY_MS = 86_400_000;
/** Articles per batch, as the stream delivers them to the indexer. */
const BATCH = 100;
const HEADLINE_JACCARD = 0.8;
const HEADLINE_MIN_WORDS = 3;
const NEAR_DUPLICATE_JACCARD = 0.8;

interface Recorded {
  id: string;
  at: number;
  candidates: StoryCandidate[];
}

export interface StoriesRun {
  articles: number;
  labelledPairs: { earlier: number; later: number };
  thresholds: StoryThresholds;
  earlier: PairScore;
  later: PairScore;
  defaults: PairScore;
  nearDuplicates: { lists: number; before: number; after: number; p5Before: number; p5After: number };
  seconds: { ingest: number; tune: number; related: number; total: number };
}

interface PairScore {
  precision: number;
  recall: number;
  predictedPairs: number;
}

export async function evaluateStories(articles: EvalArticle[], opts: { sample?: number; log?: (line: string) => void } = {}): Promise<StoriesRun> {
  const log = opts.log ?? console.log;
  const started = performance.now();
  const ordered = [...articles].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));

  // (1) One pass through the production assignment, recording every new article's candidates.
  const engine = await createEmbeddedEngine({ path: ":memory:" });
  const stored = new Map<string, StoredProfile>();
  const profiles = { get: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : []))) };
  const recorded: Recorded[] = [];
  const signatures = new Map<string, string>();
  for (let at = 0; at < ordered.length; at += BATCH) {
    const batch = ordered.slice(at, at + BATCH);
    const made = batch.map(profileOf);
    for (const p of made) signatures.set(p.id, p.minHash ?? "");
    await assignStories(engine, profiles, made, DEFAULT_STORY_THRESHOLDS, (p, candidates) => {
      recorded.push({ id: p.id, at: Date.parse(p.publishedAt), candidates: candidates.map((c) => ({ ...c, overlap: overlapOf(p.minHash, c.minHash), minHash: undefined })) });
    });
    await engine.upsert(batch.map((a, i) => toSearchDocument(a, made[i])));
    for (const p of made) stored.set(p.id, p);
  }
  await engine.close();
  const ingestSeconds = (performance.now() - started) / 1000;

  // Labels and the split by time.
  const labelled = headlinePairs(ordered);
  const middle = Date.parse(ordered[Math.floor(ordered.length / 2)].publishedAt);
  const isEarlier = (id: string, at: Map<string, number>) => at.get(id)! < middle;
  const atOf = new Map(ordered.map((a) => [a.id, Date.parse(a.publishedAt)]));
  const earlierPairs = labelled.filter(([a]) => isEarlier(a, atOf));
  const laterPairs = labelled.filter(([a]) => !isEarlier(a, atOf));

  const tuneStarted = performance.now();
  const score = (t: StoryThresholds, half: "earlier" | "later") => {
    const stories = replay(recorded, t);
    return pairScore(stories, ordered.filter((a) => isEarlier(a.id, atOf) === (half === "earlier")), half === "earlier" ? earlierPairs : laterPairs);
  };
  let best = DEFAULT_STORY_THRESHOLDS;
  let bestF1 = -1;
  for (const cosine of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    for (const overlap of [0.1, 0.2, 0.3, 0.4]) {
      for (const copy of [0.4, 0.5, 0.6, 0.7]) {
        const t = { ...DEFAULT_STORY_THRESHOLDS, cosine, overlap, copy };
        const s = score(t, "earlier");
        const f1 = (2 * s.precision * s.recall) / (s.precision + s.recall || 1);
        if (f1 > bestF1 + 1e-9) [best, bestF1] = [t, f1];
      }
    }
  }
  const tuneSeconds = (performance.now() - tuneStarted) / 1000;

  // (2) Near-duplicates in top-5 related lists, without and with the filter.
  const relatedStarted = performance.now();
  const model = new InProcessRelated(ordered);
  const shingles = new Map<string, Set<string>>();
  const shingleSet = (id: string) => {
    let set = shingles.get(id);
    if (!set) {
      const a = byId.get(id)!;
      const ws = words(`${a.title} ${a.body}`).slice(0, 600);
      set = new Set(ws.length < 3 ? [ws.join(" ")] : ws.slice(0, -2).map((_, i) => ws.slice(i, i + 3).join(" ")));
      shingles.set(id, set);
    }
    return set;
  };
  const byId = new Map(ordered.map((a) => [a.id, a]));
  const judged = ordered.filter((a) => a.topics.length > 0);
  const sources = sampleEvenly(judged, opts.sample ?? 2000);
  let before = 0;
  let after = 0;
  let hitsBefore = 0;
  let hitsAfter = 0;
  for (const a of sources) {
    const plain = model.related(a.id, { limit: 5 }).map((r) => r.id);
    const wide = model.related(a.id, { limit: 10 }).map((r) => r.id);
    const filtered = withoutNearDuplicates(signatures.get(a.id), wide, (id) => signatures.get(id), 5);
    if (holdsNearDuplicates(plain, shingleSet)) before++;
    if (holdsNearDuplicates(filtered, shingleSet)) after++;
    const topics = new Set(a.topics);
    hitsBefore += plain.filter((id) => byId.get(id)!.topics.some((t) => topics.has(t))).length;
    hitsAfter += filtered.filter((id) => byId.get(id)!.topics.some((t) => topics.has(t))).length;
  }
  const relatedSeconds = (performance.now() - relatedStarted) / 1000;

  const run: StoriesRun = {
    articles: ordered.length,
    labelledPairs: { earlier: earlierPairs.length, later: laterPairs.length },
    thresholds: best,
    earlier: score(best, "earlier"),
    later: score(best, "later"),
    defaults: score(DEFAULT_STORY_THRESHOLDS, "later"),
    nearDuplicates: {
      lists: sources.length,
      before: before / sources.length,
      after: after / sources.length,
      p5Before: hitsBefore / (sources.length * 5),
      p5After: hitsAfter / (sources.length * 5),
    },
    seconds: { ingest: ingestSeconds, tune: tuneSeconds, related: relatedSeconds, total: (performance.now() - started) / 1000 },
  };
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const f = (x: number) => x.toFixed(3);
  log(`stories on ${run.articles} articles; labelled pairs: ${run.labelledPairs.earlier} earlier half, ${run.labelledPairs.later} later half`);
  log(`  thresholds tuned on the earlier half: cosine ≥ ${best.cosine} and overlap ≥ ${best.overlap}, or copy ≥ ${best.copy} (window ${best.windowDays} days)`);
  log(`  earlier half (tuning):  P ${f(run.earlier.precision)}  R ${f(run.earlier.recall)}  (${run.earlier.predictedPairs} same-story pairs within 24 h)`);
  log(`  later half (reported):  P ${f(run.later.precision)}  R ${f(run.later.recall)}  (${run.later.predictedPairs} same-story pairs within 24 h)`);
  log(`  later half, defaults (cosine ${DEFAULT_STORY_THRESHOLDS.cosine}, overlap ${DEFAULT_STORY_THRESHOLDS.overlap}, copy ${DEFAULT_STORY_THRESHOLDS.copy}): P ${f(run.defaults.precision)}  R ${f(run.defaults.recall)}`);
  log(`related top-5 lists holding two near-duplicates (shingle Jaccard ≥ ${NEAR_DUPLICATE_JACCARD}), ${sources.length} lists: ${pct(run.nearDuplicates.before)} without the filter, ${pct(run.nearDuplicates.after)} with it`);
  log(`  related P@5 by shared topic: ${f(run.nearDuplicates.p5Before)} without, ${f(run.nearDuplicates.p5After)} with`);
  log(`  time: ingest ${run.seconds.ingest.toFixed(1)} s, tuning ${run.seconds.tune.toFixed(1)} s, related ${run.seconds.related.toFixed(1)} s, total ${run.seconds.total.toFixed(1)} s`);
  return run;
}

/** Story ids from the recorded candidates under other thresholds, deciding in the same order. */
function replay(recorded: Recorded[], t: StoryThresholds): Map<string, string> {
  const story = new Map<string, string>();
  for (const r of recorded) {
    const candidates = r.candidates.flatMap((c) => {
      const s = story.get(c.id);
      return s ? [{ ...c, storyId: s }] : [];
    });
    story.set(r.id, chooseStory({ publishedAtMs: r.at, minHash: "" }, candidates, t)?.storyId ?? r.id);
  }
  return story;
}

function pairScore(story: Map<string, string>, half: EvalArticle[], labelled: Array<[string, string]>): PairScore {
  const recalled = labelled.filter(([a, b]) => story.get(a) === story.get(b)).length;
  const gold = new Set(labelled.map(([a, b]) => pairKey(a, b)));
  // Same-story pairs within 24 h whose first article is in this half.
  const members = new Map<string, EvalArticle[]>();
  for (const a of half) {
    const s = story.get(a.id)!;
    (members.get(s) ?? members.set(s, []).get(s)!).push(a);
  }
  let predicted = 0;
  let correct = 0;
  for (const group of members.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (Math.abs(Date.parse(group[i].publishedAt) - Date.parse(group[j].publishedAt)) > DAY_MS) continue;
        predicted++;
        if (gold.has(pairKey(group[i].id, group[j].id))) correct++;
      }
    }
  }
  return { precision: predicted ? correct / predicted : 1, recall: labelled.length ? recalled / labelled.length : 1, predictedPairs: predicted };
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** Pairs of articles (time order) with near-identical headlines published within 24 h. */
function headlinePairs(ordered: EvalArticle[]): Array<[string, string]> {
  const heads = ordered.map((a) => new Set(words(a.title)));
  const at = ordered.map((a) => Date.parse(a.publishedAt));
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < ordered.length; i++) {
    if (heads[i].size < HEADLINE_MIN_WORDS) continue;
    for (let j = i + 1; j < ordered.length && at[j] - at[i] <= DAY_MS; j++) {
      if (heads[j].size < HEADLINE_MIN_WORDS) continue;
      if (jaccard(heads[i], heads[j]) >= HEADLINE_JACCARD) pairs.push([ordered[i].id, ordered[j].id]);
    }
  }
  return pairs;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

function holdsNearDuplicates(ids: string[], shingles: (id: string) => Set<string>): boolean {
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (jaccard(shingles(ids[i]), shingles(ids[j])) >= NEAR_DUPLICATE_JACCARD) return true;
  return false;
}

/** Every k-th item, so the sample spans the whole time range. */
function sampleEvenly<T>(items: T[], n: number): T[] {
  if (n <= 0 || n >= items.length) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { corpus: { type: "string" }, sample: { type: "string" } } });
  const articles = await loadReuters(values.corpus ?? REUTERS_PATH);
  await evaluateStories(articles, { sample: values.sample ? Number(values.sample) : undefined });
}

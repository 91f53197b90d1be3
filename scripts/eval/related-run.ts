/**
 * Wires the related-stories evaluations of scripts/eval/related.ts into `npm run eval`: P@5 by
 * shared topic through the HTTP API next to the tf-idf baseline, and the simulated readers.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CorpusArticle } from "../corpus/types.js";
import {
  httpRelated,
  judgedArticles,
  precisionAt,
  relatedPrecisionAt5,
  reutersArticle,
  tfidfBaseline,
  type EvalArticle,
  type ReaderSimResult,
} from "./related.js";
import { fixed, table, times } from "../bench/format.js";
import { ratio } from "../bench/stats.js";

interface PrecisionPair {
  /** null when this build has no related route (the baseline is still measured). */
  ours: number | null;
  baseline: number;
}

export interface RelatedRun {
  precisionAt5: PrecisionPair & {
    /** Condensed list: unlabelled suggestions skipped, the first five labelled ones judged. */
    judgedOnly: PrecisionPair;
    evaluated: number;
    seconds: number;
    error?: string;
  };
  readers?: ReaderSimResult & { seconds: number };
  /** Articles with at least one topic: the only ones a shared-topic judgement can score. */
  withTopics: number;
}

/** Corpus rows as the evaluation's articles: the row's language and tags; topics only as the judgement. */
export function evalArticles(rows: readonly CorpusArticle[]): EvalArticle[] {
  return rows.map((row) => ({
    ...reutersArticle({
      id: row.id,
      title: row.title,
      body: row.body,
      publishedAt: row.publishedAt ?? new Date(0).toISOString(),
      topics: Array.isArray(row.topics) ? row.topics : [],
      places: stringList(row.places),
      people: stringList(row.people),
      orgs: stringList(row.orgs),
    }),
    language: row.language ?? "en",
    tags: row.tags ?? [],
  }));
}

const stringList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export async function runRelatedEvaluations(
  articles: EvalArticle[],
  opts: { baseUrl: string; sample?: number; concurrency: number; readersTimeoutMs?: number; log: (msg: string) => void },
): Promise<RelatedRun | undefined> {
  const withTopics = articles.filter((a) => a.topics.length > 0).length;
  if (!withTopics) {
    opts.log("related P@5: no article in this corpus has topics to judge by; skipped");
    return undefined;
  }
  let started = performance.now();
  const probeId = judgedArticles(articles, opts.sample)[0].id;
  const unavailable = await fetch(`${opts.baseUrl}/v1/articles/${encodeURIComponent(probeId)}/related?limit=5`).then(
    async (res) => (res.status === 404 && (await res.text()).includes("No route for") ? "no related route in this build" : undefined),
    (err: Error) => `the API did not answer: ${err.message}`,
  );
  let precisionAt5: RelatedRun["precisionAt5"];
  const baselineOnly = async (error: string): Promise<RelatedRun["precisionAt5"]> => {
    const baseline = tfidfBaseline(articles);
    const strict = await precisionAt(articles, baseline, { sample: opts.sample });
    const judged = await precisionAt(articles, baseline, { sample: opts.sample, judgedOnly: true });
    return {
      ours: null,
      baseline: strict.precision,
      judgedOnly: { ours: null, baseline: judged.precision },
      evaluated: strict.evaluated,
      seconds: (performance.now() - started) / 1000,
      error,
    };
  };
  if (unavailable) precisionAt5 = await baselineOnly(unavailable);
  else {
    try {
      const p5 = await relatedPrecisionAt5(articles, { fetchRelated: httpRelated(opts.baseUrl), sample: opts.sample, concurrency: opts.concurrency });
      precisionAt5 = {
        ours: p5.ours.precision,
        baseline: p5.baseline.precision,
        judgedOnly: { ours: p5.oursJudged.precision, baseline: p5.baselineJudged.precision },
        evaluated: p5.ours.evaluated,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (err) {
      precisionAt5 = await baselineOnly((err as Error).message);
    }
  }
  const row = (label: string, pair: PrecisionPair) => [
    label,
    String(precisionAt5.evaluated),
    pair.ours === null ? "–" : fixed(pair.ours),
    fixed(pair.baseline),
    pair.ours === null ? "–" : times(ratio(pair.ours, pair.baseline)),
  ];
  opts.log("");
  opts.log(
    table([
      ["related stories, P@5 by shared topic", "judged", "ours (HTTP)", "tf-idf cosine", "ours ÷ tf-idf"],
      row("unlabelled suggestions count as misses", precisionAt5),
      row("labelled suggestions only (condensed)", precisionAt5.judgedOnly),
    ]),
  );
  const unlabelled = articles.length - withTopics;
  if (unlabelled) opts.log(`  ${unlabelled} of ${articles.length} articles have no topic label: as suggestions they cannot be judged (docs/related.md)`);
  if (precisionAt5.error) opts.log(`  ours not measured: ${precisionAt5.error}`);

  started = performance.now();
  let readers: RelatedRun["readers"];
  try {
    const sim = await simulateReadersApart(articles, opts.readersTimeoutMs ?? 180_000);
    readers = { ...sim, seconds: (performance.now() - started) / 1000 };
    opts.log("");
    opts.log(`simulated readers (the model in process, no HTTP): ${sim.readers} readers, ${sim.heldOutReads} held-out reads`);
    opts.log(
      table([
        ["", "co-reading on", "co-reading off", "on ÷ off"],
        ["related hit rate@5", fixed(sim.relatedHitRate.coReadingOn), fixed(sim.relatedHitRate.coReadingOff), times(ratio(sim.relatedHitRate.coReadingOn, sim.relatedHitRate.coReadingOff))],
        ["recommendations hit rate@10", fixed(sim.recommendationHitRate.coReadingOn), fixed(sim.recommendationHitRate.coReadingOff), times(ratio(sim.recommendationHitRate.coReadingOn, sim.recommendationHitRate.coReadingOff))],
      ]),
    );
  } catch (err) {
    opts.log(`simulated readers not measured: ${(err as Error).message}`);
  }
  return { precisionAt5, readers, withTopics };
}

const READERS_WORKER = fileURLToPath(new URL("./readers-worker.ts", import.meta.url));

/** simulateReaders in a child process, abandoned (and that child ended) after `timeoutMs`. */
function simulateReadersApart(articles: EvalArticle[], timeoutMs: number): Promise<ReaderSimResult> {
  return new Promise((resolve, reject) => {
    const child = fork(READERS_WORKER, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no answer within ${timeoutMs / 1000} s (stopped)`));
    }, timeoutMs);
    child.once("message", (msg: { result?: ReaderSimResult; error?: string }) => {
      clearTimeout(timer);
      if (msg.result) resolve(msg.result);
      else reject(new Error(msg.error ?? "failed"));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulation process exited (${code})`));
    });
    child.send(articles);
  });
}

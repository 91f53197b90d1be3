/**
 * Judged queries derived from a corpus's topic labels, for MAP and nDCG@10 without a hand-made
 * judgement file: the query is a topic's name, the relevant articles are those labelled with it.
 * Only topics whose name is a word the labelled articles actually use ("cocoa", "gold") qualify;
 * codes such as "acq" or "money-fx" would test nothing but string matching of abbreviations.
 */
import type { JudgedQuery } from "./adhoc.js";

export interface TopicRow {
  id: string;
  title: string;
  body: string;
  topics?: unknown;
}

export interface TopicQueryOptions {
  /** Least number of labelled articles (default 5). */
  minArticles?: number;
  /** Least share of labelled articles whose text contains the name as a word (default 0.3). */
  minUsage?: number;
}

export function topicQueries(rows: readonly TopicRow[], opts: TopicQueryOptions = {}): JudgedQuery[] {
  const byTopic = new Map<string, TopicRow[]>();
  for (const row of rows) {
    if (!Array.isArray(row.topics)) continue;
    for (const topic of row.topics) {
      if (typeof topic !== "string" || !/^\p{L}{3,}$/u.test(topic)) continue;
      const list = byTopic.get(topic);
      if (list) list.push(row);
      else byTopic.set(topic, [row]);
    }
  }
  const queries: JudgedQuery[] = [];
  for (const [topic, labelled] of [...byTopic].sort(([a], [b]) => a.localeCompare(b))) {
    if (labelled.length < (opts.minArticles ?? 5)) continue;
    const word = new RegExp(`(^|[^\\p{L}])${topic}([^\\p{L}]|$)`, "iu");
    const usage = labelled.filter((r) => word.test(`${r.title}\n${r.body}`)).length / labelled.length;
    if (usage >= (opts.minUsage ?? 0.3)) queries.push({ q: topic, relevant: labelled.map((r) => r.id) });
  }
  return queries;
}

/**
 * The production related path, in process, for offline evaluations: the same stored profiles
 * (recommend/profile.ts) and scorer, with candidates picked by the rule the embedded engine's
 * moreLikeThis applies in SQL (each article's strongest key terms indexed; the source's strongest
 * terms weighted by idf, terms too common skipped: search/more-like-this.ts). Evaluation only: it holds
 * the whole corpus, which the API never does.
 */
import type { Article } from "../../functions/articles/model.js";
import { INDEXED_TERMS, keyTerms, profileOf, ProfileReader, QUERY_TERMS, type StoredProfile } from "../../functions/recommend/profile.js";
import { rankRelated, type CoReadCount, type RelatedWeights, type ScoredArticle } from "../../functions/recommend/related.js";
import type { ArticleLike } from "../../functions/recommend/features.js";
import { MLT_POSTINGS, mltMaxDocFreq, mltWeight } from "../../functions/search/more-like-this.js";

const CANDIDATES = 40;
const MAX_CO_READ_CANDIDATES = 10;

export class InProcessRelated {
  private readonly profiles = new Map<string, StoredProfile>();
  private readonly postings = new Map<string, number[]>();
  private readonly ids: string[] = [];

  constructor(articles: Iterable<ArticleLike & Partial<Article>>, private readonly weights?: Partial<RelatedWeights>) {
    for (const a of articles) {
      const p = profileOf(a);
      const doc = this.ids.length;
      this.ids.push(a.id);
      this.profiles.set(a.id, p);
      for (const { term } of keyTerms(p, INDEXED_TERMS)) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push(doc);
      }
    }
  }

  profile(id: string): StoredProfile | undefined {
    return this.profiles.get(id);
  }

  title(id: string): string | undefined {
    return this.profiles.get(id)?.title;
  }

  /** What the embedded engine's moreLikeThis answers for this source. */
  candidates(source: StoredProfile): string[] {
    const n = this.ids.length;
    const scores = new Map<number, number>();
    for (const { term, weight } of keyTerms(source, QUERY_TERMS)) {
      const list = this.postings.get(term);
      if (!list || list.length > mltMaxDocFreq(n)) continue;
      const w = mltWeight(weight, list.length, n);
      for (const doc of list.slice(-MLT_POSTINGS)) scores.set(doc, (scores.get(doc) ?? 0) + w);
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .map(([doc]) => this.ids[doc])
      .filter((id) => id !== source.id)
      .slice(0, CANDIDATES);
  }

  related(id: string, opts: { limit: number; exclude?: ReadonlySet<string>; coReads?: CoReadCount[] }): ScoredArticle[] {
    const source = this.profiles.get(id);
    if (!source) return [];
    const coRead = (opts.coReads ?? []).filter((c) => c.count >= 2).slice(0, MAX_CO_READ_CANDIDATES).map((c) => c.articleId);
    const reader = new ProfileReader();
    const candidates = [...new Set([...this.candidates(source), ...coRead])].flatMap((c) => {
      const p = this.profiles.get(c);
      return p && !opts.exclude?.has(c) ? [reader.read(p)] : [];
    });
    return rankRelated({ source: reader.read(source), candidates, coReads: opts.coReads, exclude: opts.exclude, limit: opts.limit, weights: this.weights });
  }
}

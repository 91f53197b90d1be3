/** Ranking metrics over a ranked list of ids. Ranks are 1-based; binary relevance. */

/** 1/rank of `target` within the first k results, else 0. */
export function reciprocalRank(ranked: readonly string[], target: string, k = 10): number {
  const at = ranked.slice(0, k).indexOf(target);
  return at < 0 ? 0 : 1 / (at + 1);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/**
 * Average precision: the mean, over every relevant document, of the precision at its rank
 * (0 for relevant documents not retrieved within k). Divided by |relevant|, so recall counts.
 */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>, k = Infinity): number {
  if (relevant.size === 0) return Number.NaN;
  let hits = 0;
  let sum = 0;
  const seen = new Set<string>();
  const limit = Math.min(k, ranked.length);
  for (let i = 0; i < limit; i++) {
    const id = ranked[i];
    if (seen.has(id)) continue; // a duplicate in a ranking earns nothing twice
    seen.add(id);
    if (relevant.has(id)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / relevant.size;
}

/** nDCG@k with binary gains: DCG = Σ rel_i / log2(i + 1), normalised by the ideal ordering. */
export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k = 10): number {
  if (relevant.size === 0) return Number.NaN;
  let dcg = 0;
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i];
    if (seen.has(id)) continue;
    seen.add(id);
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** Share of the first k results that are relevant (k in the denominator even when fewer came back). */
export function precisionAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / k;
}

/** MAP@depth and nDCG@10 of rankings judged one query at a time. */
export class JudgedScores {
  private readonly ap: number[] = [];
  private readonly ndcg: number[] = [];
  constructor(private readonly depth: number) {}

  add(ranked: readonly string[], relevant: ReadonlySet<string>): void {
    this.ap.push(averagePrecision(ranked, relevant, this.depth));
    this.ndcg.push(ndcgAt(ranked, relevant, 10));
  }

  /** AP of the query added last. */
  get lastAp(): number {
    return this.ap[this.ap.length - 1];
  }

  get scores(): { map: number; ndcg10: number } {
    return { map: mean(this.ap), ndcg10: mean(this.ndcg) };
  }
}

/**
 * The embedded engine's more-like-this rule, shared with the offline evaluation that replays it.
 * A term in more than a share of the documents is too common to pick candidates. Each term's
 * postings are read newest first, at most MLT_POSTINGS of them, so a query reads at most
 * MLT_TERMS × MLT_POSTINGS postings however large the archive grows (the candidates of a common
 * term are then its newest documents; at 19k Reuters articles few terms reach the cap).
 */
export const MLT_TERMS = 20;
export const MLT_COMMON_SHARE = 0.15;
export const MLT_POSTINGS = 2000;

/** The most documents a term may be in and still pick candidates, in an index of `n` documents. */
export function mltMaxDocFreq(n: number): number {
  return Math.max(20, n * MLT_COMMON_SHARE);
}

/** A candidate-picking term's weight: the source's weight of it times its idf. */
export function mltWeight(weight: number, df: number, n: number): number {
  return weight * Math.log((n + 1) / (df + 0.5));
}

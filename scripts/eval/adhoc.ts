/** Ad-hoc relevance judgements: an NDJSON file of `{"q": "...", "relevant": ["id", ...]}` lines. */
import { readFileSync } from "node:fs";
import { contentWords } from "../../functions/text/index.js";

export interface JudgedQuery {
  q: string;
  relevant: string[];
}

export function parseJudgedQueries(text: string, source = "queries"): JudgedQuery[] {
  const out: JudgedQuery[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    const r = row as Partial<JudgedQuery>;
    const relevant = r.relevant as unknown[] | undefined;
    if (typeof r.q !== "string" || !r.q.trim() || !Array.isArray(relevant) || !relevant.every((id) => typeof id === "string" || typeof id === "number")) {
      throw new Error(`${source}:${i + 1}: needs {"q": string, "relevant": [id, ...]} (ids as strings or numbers)`);
    }
    out.push({ q: r.q, relevant: [...new Set(relevant.map(String))] });
  });
  return out;
}

/** The same judgements for the first `n` content words of each query (stop words left out). */
export function firstContentWords(judged: readonly JudgedQuery[], n: number): JudgedQuery[] {
  return judged.map((j) => ({ q: contentWords(j.q).slice(0, n).join(" "), relevant: j.relevant })).filter((j) => j.q !== "");
}

export function readJudgedQueries(file: string): JudgedQuery[] {
  return parseJudgedQueries(readFileSync(file, "utf8"), file);
}

/** Ad-hoc relevance judgements: an NDJSON file of `{"q": "...", "relevant": ["id", ...]}` lines. */
import { readFileSync } from "node:fs";

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
    if (typeof r.q !== "string" || !r.q.trim() || !Array.isArray(r.relevant) || !r.relevant.every((id) => typeof id === "string")) {
      throw new Error(`${source}:${i + 1}: needs {"q": string, "relevant": string[]}`);
    }
    out.push({ q: r.q, relevant: [...new Set(r.relevant)] });
  });
  return out;
}

export function readJudgedQueries(file: string): JudgedQuery[] {
  return parseJudgedQueries(readFileSync(file, "utf8"), file);
}

import { readFileSync } from "node:fs";
import type { CorpusArticle } from "./types.js";

/**
 * Reads an NDJSON corpus (one Article per line). Fails with the line number on a row that is not
 * JSON or lacks id, title or body; anything else is left for the API to accept or reject.
 */
export function readCorpusFile(file: string): CorpusArticle[] {
  return parseCorpus(readFileSync(file, "utf8"), file);
}

export function parseCorpus(text: string, source = "corpus"): CorpusArticle[] {
  const rows: CorpusArticle[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    if (!isCorpusArticle(row)) throw new Error(`${source}:${i + 1}: needs string fields id, title and body`);
    rows.push(row);
  }
  return rows;
}

function isCorpusArticle(row: unknown): row is CorpusArticle {
  if (typeof row !== "object" || row === null) return false;
  const r = row as Record<string, unknown>;
  return ["id", "title", "body"].every((k) => typeof r[k] === "string");
}

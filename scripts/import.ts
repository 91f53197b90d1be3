/**
 * `npm run import -- FILE [FILE…]`: loads NDJSON (Article shape) or RSS/Atom into the running
 * service through POST /v1/articles/batch — the same path the CMS uses. Re-running is safe:
 * unchanged articles answer "unchanged" and nothing is written twice.
 */
import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { apiCall } from "./lib/api-client.js";
import { readImportFile, type ImportedArticle } from "./lib/feeds.js";

const BATCH = 500;
const PARALLEL = 2;

async function main() {
  const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!files.length) {
    console.error("usage: npm run import -- FILE [FILE…]   (NDJSON in the Article shape, RSS or Atom)");
    process.exit(2);
  }
  const articles: ImportedArticle[] = files.flatMap((f) => [...readImportFile(readFileSync(f, "utf8"))]);
  const counts: Record<string, number> = {};
  const errors: string[] = [];
  // Without a terminal (CI, logs) the bar prints a line every few seconds instead of redrawing.
  const bar = new cliProgress.SingleBar(
    { format: "importing [{bar}] {value}/{total} articles | {rate}/s | eta {eta}s", noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(articles.length, 0, { rate: 0 });
  const started = Date.now();
  let done = 0;
  const batches = Array.from({ length: Math.ceil(articles.length / BATCH) }, (_, i) => articles.slice(i * BATCH, (i + 1) * BATCH));
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const { results } = await apiCall("POST", "/v1/articles/batch", { articles: batch });
        for (const r of results) {
          counts[r.status] = (counts[r.status] ?? 0) + 1;
          if (r.error && errors.length < 10) errors.push(`${r.id}: ${r.error}`);
        }
        done += batch.length;
        bar.update(done, { rate: Math.round(done / ((Date.now() - started) / 1000)) });
      }
    }),
  );
  bar.stop();
  const secs = (Date.now() - started) / 1000;
  console.log(`${articles.length} articles in ${secs.toFixed(1)} s (${Math.round(articles.length / secs)}/s):`, counts);
  for (const e of errors) console.log(`  error ${e}`);
  console.log("They become searchable as the indexer catches up (usually within seconds).");
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});

/**
 * The shared SearchEngine contract against a real Meilisearch. Runs only when MEILISEARCH_HOST
 * is set (the cloud pipeline); every engine the suite creates gets its own uniquely named index,
 * deleted when the file finishes.
 */
import { afterAll, describe, it } from "vitest";
import { Meilisearch } from "meilisearch";
import { createMeilisearchEngine } from "../../functions/search/meilisearch.js";
import { runSearchEngineContract } from "./contract.js";

const host = process.env.MEILISEARCH_HOST;
const apiKey = process.env.MEILISEARCH_API_KEY || undefined;

if (!host) {
  describe.skip("meilisearch contract — skipped: MEILISEARCH_HOST is not set", () => {
    it("runs the shared search engine contract against a Meilisearch server", () => {});
  });
} else {
  const client = new Meilisearch({ host, apiKey });
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const createdIndexes: string[] = [];

  afterAll(async () => {
    for (const uid of createdIndexes) {
      // Best effort: a leftover test index must not fail the run, but it is reported.
      await client
        .deleteIndex(uid)
        .waitTask({ timeout: 30_000 })
        .catch((error: unknown) => console.error(`could not delete test index ${uid}:`, error));
    }
  }, 120_000);

  runSearchEngineContract("meilisearch", async () => {
    const indexUid = `newsline_contract_${runId}_${createdIndexes.length}`;
    createdIndexes.push(indexUid);
    return createMeilisearchEngine({ host, apiKey, indexUid, client });
  });
}

/**
 * `npm run fuzz`: hostile requests over every operation of the served OpenAPI document, against
 * the whole local service (its own DynamoDB Local and index in a temporary data dir). Prints
 * requests tried, 5xx and non-problem+json errors; exits 1 when either is not zero.
 * FUZZ_REQUESTS (default 10000), FUZZ_SEED, FUZZ_CONCURRENCY (default 8).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startLocalRuntime } from "./local/runtime.js";
import { seedDemoIfEmpty } from "./local/seed.js";
import { runFuzz, type OpenApiDoc } from "./fuzz/hostile.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "newsline-fuzz-"));
const adminKey = "fuzz-admin-key-0123456789abcdef";
const writerKey = "fuzz-writer-key-0123456789abcdef";
const rt = await startLocalRuntime({
  dataDir,
  env: {
    ADMIN_API_KEY: adminKey,
    API_KEYS: `cms:${writerKey}:articles:write`,
    TRUST_PROXY: "true",
    MEILISEARCH_HOST: "",
    // Hunting for bugs, not for a slow machine: a generous deadline, so a 503 here means something (the fault tests check deadlines).
    DEPENDENCY_TIMEOUT_MS: process.env.DEPENDENCY_TIMEOUT_MS ?? "20000",
  },
});
try {
  await seedDemoIfEmpty(rt.services.articles);
  await rt.indexed();
  const started = Date.now();
  const report = await runFuzz({
    doc: (await (await rt.app.request("/openapi.json")).json()) as OpenApiDoc,
    send: (r) => Promise.resolve(rt.app.request(r.url, { method: r.method, headers: r.headers, body: r.body })),
    count: Number(process.env.FUZZ_REQUESTS ?? 10_000),
    seed: Number(process.env.FUZZ_SEED ?? 12),
    concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 8),
    keys: { good: adminKey, weak: writerKey },
  });
  console.log(`requests tried:        ${report.requests} over ${report.operations} operations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`statuses:              ${JSON.stringify(report.byStatus)}`);
  console.log(`5xx:                   ${report.serverErrors.length}`);
  console.log(`non-problem+json errors: ${report.notProblemJson.length}`);
  console.log(`health 503 (slow store): ${report.healthDegraded}`);
  for (const e of [...report.serverErrors, ...report.notProblemJson].slice(0, 20)) console.log(`  ${e.status} ${e.operation}  ${e.url}`);
  process.exitCode = report.serverErrors.length || report.notProblemJson.length ? 1 : 0;
} finally {
  await rt.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * `npm run reindex [-- --clear]`: rebuilds the search index of the running local service from the
 * articles in DynamoDB, through POST /v1/admin/reindex (API_URL or http://localhost:$PORT; key from
 * ADMIN_API_KEY or DATA_DIR/admin-key). `--clear` drops every document first, removing orphans.
 * In the cloud, invoke the reindex function instead (docs/deploy.md).
 */
import { apiCall, localApi } from "./lib/api-client.js";

async function main() {
  const clear = process.argv.includes("--clear");
  const { url } = localApi();
  console.log(`Rebuilding the search index of ${url}${clear ? " (clearing it first)" : ""}…`);
  const started = Date.now();
  // The server answers once the rebuild is done; on a terminal a ticking line shows it is still working.
  const tick = () => process.stdout.write(`\r  … ${Math.round((Date.now() - started) / 1000)} s`);
  const ticker = process.stdout.isTTY ? setInterval(tick, 1000) : undefined;
  try {
    const { indexed, tookMs } = await apiCall("POST", "/v1/admin/reindex", { clear });
    if (ticker) process.stdout.write("\r\x1b[K");
    const secs = tookMs / 1000;
    console.log(`Indexed ${indexed} articles in ${secs.toFixed(1)} s (${secs > 0 ? Math.round(indexed / secs) : indexed}/s).`);
  } finally {
    clearInterval(ticker);
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});

/** `npm start`: the API and the demo pages on this machine, with embedded defaults. */
import { serve } from "@hono/node-server";
import path from "node:path";
import { startLocalRuntime } from "./local/runtime.js";
import { seedDemoIfEmpty } from "./local/seed.js";

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const log = (msg: string) => console.log(`[newsline] ${msg}`);

async function main() {
  const started = Date.now();
  const runtime = await startLocalRuntime({ dataDir, log });
  if (process.env.SEED_DEMO !== "false") {
    const seeded = await seedDemoIfEmpty(runtime.services.articles);
    if (seeded) {
      await runtime.indexed();
      log(`loaded the demo corpus: ${seeded} articles`);
    }
  }
  const server = serve({ fetch: runtime.app.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" });
  log(`search engine: ${runtime.engine.name}; data in ${dataDir}`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at http://localhost:${port}/  (API docs: /docs)`);
  log(process.env.ADMIN_API_KEY ? "admin key: from ADMIN_API_KEY" : `local admin key: ${runtime.adminKey}  (kept in ${path.join(dataDir, "admin-key")})`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    server.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(`[newsline] could not start: ${(err as Error).message}`);
  process.exit(1);
});

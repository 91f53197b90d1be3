/** `npm start`: the API and the demo pages on this machine, with embedded defaults. */
import { serve } from "@hono/node-server";
import net from "node:net";
import path from "node:path";
import type { Server } from "node:http";
import { startLocalRuntime, type LocalRuntime } from "./local/runtime.js";
import { seedDemoIfEmpty } from "./local/seed.js";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const log = (msg: string) => console.log(`[newsline] ${msg}`);

/** Slow clients are cut off: headers within 10 s, the whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Requests in flight get this long to finish at shutdown. */
const DRAIN_MS = 15_000;

let runtime: LocalRuntime | undefined;
let server: Server | undefined;
let stopping = false;

/** Fails before anything starts when the port is taken, with the fix instead of a stack trace. */
async function assertPortFree(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`port ${port} on ${host} is already in use; stop what runs there or set PORT to another port.`) : err),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function main() {
  const started = Date.now();
  await assertPortFree();
  runtime = await startLocalRuntime({ dataDir, log });
  if (stopping) return;
  if (process.env.SEED_DEMO !== "false") {
    const seeded = await seedDemoIfEmpty(runtime.services.articles);
    if (seeded) {
      await runtime.indexed();
      log(`loaded the demo corpus: ${seeded} articles`);
    }
  }
  const rt = runtime;
  server = serve(
    {
      fetch: rt.app.fetch,
      port,
      hostname: host,
      serverOptions: { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: 5_000 },
    },
    () => {
      log(`search engine: ${rt.engine.name}; data in ${dataDir}`);
      log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at http://localhost:${port}/  (API docs: /docs)`);
      log(process.env.ADMIN_API_KEY ? "admin key: from ADMIN_API_KEY" : `local admin key: ${rt.adminKey}  (kept in ${path.join(dataDir, "admin-key")})`);
    },
  ) as Server;
  server.once("error", (err: NodeJS.ErrnoException) => {
    console.error(`[newsline] could not listen on ${host}:${port}: ${err.code === "EADDRINUSE" ? "the port is already in use; set PORT to another port" : err.message}`);
    void shutdown(1);
  });
}

/**
 * Stops taking connections, lets requests in flight finish (up to DRAIN_MS), then stops the
 * runtime (search counts flushed, indexer, engine, DynamoDB Local). A second signal ends at once.
 */
async function shutdown(code = 0) {
  if (stopping) {
    log("stopping now");
    process.exit(code || 1);
  }
  stopping = true;
  log("stopping: finishing requests in flight…");
  const forced = setTimeout(() => {
    console.error("[newsline] shutdown took too long; exiting");
    process.exit(1);
  }, DRAIN_MS + 15_000);
  forced.unref();
  if (server?.listening) {
    await new Promise<void>((resolve) => {
      const drainTimer = setTimeout(() => {
        server?.closeAllConnections();
        resolve();
      }, DRAIN_MS);
      server!.close(() => {
        clearTimeout(drainTimer);
        resolve();
      });
      server!.closeIdleConnections();
    });
  }
  await runtime?.stop().catch((err) => console.error(`[newsline] stopping: ${(err as Error).message}`));
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
// Whatever launched us (tsx, npm) may die without passing a signal on: then we are reparented, and stop too.
const launcher = process.ppid;
setInterval(() => process.ppid !== launcher && void shutdown(0), 1000).unref();

main().catch(async (err) => {
  console.error(`[newsline] could not start: ${(err as Error).message}`);
  await runtime?.stop().catch(() => {});
  process.exit(1);
});

/**
 * The service as `npm start` serves it (embedded search, DynamoDB Local, stream poller), in a
 * process of its own so that its memory can be read on its own. The parent drives it over IPC.
 * Environment: DATA_DIR (fresh), ADMIN_API_KEY; it listens on a free port of 127.0.0.1 only.
 */
import { serve } from "@hono/node-server";
import { startLocalRuntime } from "../local/runtime.js";
import type { ParentMessage, ChildMessage } from "./protocol.js";

const send = (msg: ChildMessage) => process.send?.(msg);

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir || !process.send) throw new Error("run by scripts/bench/service.ts, with DATA_DIR set");
  const runtime = await startLocalRuntime({ dataDir, log: (msg) => console.error(`[server] ${msg}`) });
  const server = serve({ fetch: runtime.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    send({ type: "ready", port: info.port, engine: runtime.engine.name }),
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      server.close();
      await runtime.stop();
    })());

  process.on("message", async (msg: ParentMessage) => {
    try {
      if (msg.op === "indexed") {
        await runtime.indexed();
        send({ type: "reply", id: msg.id, result: await runtime.engine.count() });
      } else if (msg.op === "count") {
        send({ type: "reply", id: msg.id, result: await runtime.engine.count() });
      } else if (msg.op === "liveHeap") {
        // What the JavaScript heap really holds: a full collection first (the server runs with
        // --expose-gc), so the figure is live data, not garbage V8 has not needed to collect yet.
        // Array buffers count too: the engine keeps its word runs and typo trie in typed arrays.
        (globalThis as { gc?: () => void }).gc?.();
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        send({ type: "reply", id: msg.id, result: (heapUsed + arrayBuffers) / 2 ** 20 });
      } else if (msg.op === "settle") {
        // The search counts a timed run left behind, written now rather than during the next run.
        await runtime.services.queryCounter.flush(Infinity);
        send({ type: "reply", id: msg.id, result: 0 });
      } else if (msg.op === "stop") {
        await stop();
        send({ type: "reply", id: msg.id, result: 0 });
        process.disconnect();
      }
    } catch (err) {
      send({ type: "reply", id: msg.id, error: (err as Error).message });
    }
  });
  // The parent went away (crash, Ctrl-C): do not leave DynamoDB Local behind.
  const quit = () => void stop().finally(() => process.exit(0));
  process.on("disconnect", quit);
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}

main().catch((err) => {
  send({ type: "failed", error: (err as Error).message });
  console.error(`[server] could not start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});

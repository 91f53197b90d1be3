/**
 * Starts the service in a child process on a free loopback port, with embedded defaults, a fresh
 * temporary DATA_DIR and no demo corpus, and talks to it: HTTP for the API, IPC for "has the
 * index caught up?" and "stop". The server runs from an esbuild bundle so its memory is the
 * service's alone (tsx would add its loader); it falls back to tsx when bundling fails.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { HttpClient } from "./http.js";
import { descendantsRssMb, processMemory, type ProcessMemory } from "./memory.js";
import type { ChildMessage, ParentMessage } from "./protocol.js";
import { REPO_ROOT } from "./paths.js";

export interface ServiceOptions {
  log: (msg: string) => void;
  /** "bundle" (default) or "tsx". */
  runner?: "bundle" | "tsx";
  /** Serve the data of an earlier service (see `stop({ keepData })`) instead of a fresh DATA_DIR. */
  reuse?: { dataDir: string; adminKey: string };
  /** Settings of the served process on top of the defaults below (for example its rate limits). */
  env?: Record<string, string>;
  /**
   * A DynamoDB Local the caller runs, so that it outlives the server: a restarted server then meets a
   * warm store, as a Lambda instance after a cold start does. Without it the server starts its own.
   */
  dynamodb?: { endpoint: string; pid: number };
}

export interface Service {
  port: number;
  pid: number;
  engine: string;
  runner: "bundle" | "tsx";
  dataDir: string;
  adminKey: string;
  /** Milliseconds from spawning the process to its "ready" (listening, DynamoDB Local up, engine loaded). */
  startMs: number;
  /** A client that sends the admin key (only ever to 127.0.0.1). */
  admin: HttpClient;
  /** A client without a key, as the public reads. */
  publicClient(maxSockets: number): HttpClient;
  /** Writes what the last run left pending in the server's background (search counts), so the next run does not pay for it. */
  settle(): Promise<unknown>;
  /** Waits for the stream poller to drain, then answers the number of indexed documents. */
  indexed(): Promise<number>;
  count(): Promise<number>;
  memory(): ProcessMemory | null;
  /** MiB of the server's JavaScript heap still in use after a full garbage collection. */
  liveHeapMb(): Promise<number>;
  /** DynamoDB Local's JVM (the caller's, or any process below the server). */
  descendantsMemoryMb(): number | null;
  /** Lines the server wrote to stderr, for diagnosis. */
  logTail(): string[];
  /** Stops the server; with keepData its DATA_DIR stays for a fresh process (`reuse`), and is then the caller's to remove. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

const SERVER_ENTRY = path.join(REPO_ROOT, "scripts/bench/server.ts");
const BUILD_DIR = path.join(REPO_ROOT, "bench-results/.build");

/** Bundles our own code; packages stay external and load from node_modules, as at run time. */
async function bundleServer(): Promise<string> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const outfile = path.join(BUILD_DIR, "server.mjs");
  await build({
    entryPoints: [SERVER_ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  // The bundle finds DynamoDB Local's watchdog next to itself (import.meta.url), as the sources do.
  copyFileSync(path.join(REPO_ROOT, "scripts/local/dynamodb-watchdog.cjs"), path.join(BUILD_DIR, "dynamodb-watchdog.cjs"));
  return outfile;
}

export async function startService(opts: ServiceOptions): Promise<Service> {
  const runner = opts.runner ?? "bundle";
  if (runner === "bundle") {
    try {
      return await launch(await bundleServer(), ["--expose-gc"], "bundle", opts);
    } catch (err) {
      opts.log(`the bundled server did not start (${(err as Error).message.split("\n")[0]}); retrying under tsx`);
    }
  }
  return launch(SERVER_ENTRY, ["--expose-gc", "--import", "tsx"], "tsx", opts);
}

async function launch(entry: string, execArgv: string[], runner: "bundle" | "tsx", opts: ServiceOptions): Promise<Service> {
  const dataDir = opts.reuse?.dataDir ?? mkdtempSync(path.join(tmpdir(), "newsline-bench-"));
  const adminKey = opts.reuse?.adminKey ?? `bench_${randomBytes(24).toString("base64url")}`;
  const spawned = performance.now();
  const child: ChildProcess = fork(entry, [], {
    cwd: REPO_ROOT,
    execArgv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      ADMIN_API_KEY: adminKey,
      SEED_DEMO: "false",
      // The load plays many readers: each request names its own address (limits are per address).
      TRUST_PROXY: "true",
      // Embedded defaults even when the shell points elsewhere.
      MEILISEARCH_HOST: "",
      MEILISEARCH_API_KEY: "",
      DYNAMODB_ENDPOINT: opts.dynamodb?.endpoint ?? "",
      ...opts.env,
    },
  });
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) tail.push(line);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);

  const pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then((code) => {
    for (const p of pending.values()) p.reject(new Error(`the server exited (${code})`));
    pending.clear();
  });

  const ready = await new Promise<{ port: number; engine: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${tail.slice(-20).join("\n")}`)), 120_000);
    child.on("message", (msg: ChildMessage) => {
      if (msg.type === "ready") {
        clearTimeout(timer);
        resolve(msg);
      } else if (msg.type === "failed") {
        clearTimeout(timer);
        reject(new Error(`${msg.error}\n${tail.slice(-20).join("\n")}`));
      } else if (msg.type === "reply") {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error !== undefined) p?.reject(new Error(msg.error));
        else p?.resolve(msg.result ?? 0);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready:\n${tail.slice(-20).join("\n")}`));
    });
  }).catch((err) => {
    child.kill("SIGTERM");
    process.removeListener("exit", killOnExit);
    // Reused data belongs to the caller, who may try again on it.
    if (!opts.reuse) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });

  const call = (op: ParentMessage["op"]) =>
    new Promise<number>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, op } satisfies ParentMessage);
    });

  const startMs = performance.now() - spawned;
  const admin = new HttpClient(ready.port, { authorization: `Bearer ${adminKey}` }, 8);
  const clients: HttpClient[] = [admin];
  const pid = child.pid!;
  let stopped: Promise<void> | undefined;
  // Ctrl-C: stop the server (and so DynamoDB Local) and remove its data before leaving.
  const onInterrupt = () => void (stopped ??= stop()).finally(() => process.exit(130));
  process.once("SIGINT", onInterrupt);
  return {
    port: ready.port,
    pid,
    engine: ready.engine,
    runner,
    dataDir,
    adminKey,
    startMs,
    admin,
    publicClient(maxSockets) {
      const client = new HttpClient(ready.port, {}, maxSockets);
      clients.push(client);
      return client;
    },
    settle: () => call("settle"),
    indexed: () => call("indexed"),
    count: () => call("count"),
    memory: () => processMemory(pid),
    liveHeapMb: () => call("liveHeap"),
    descendantsMemoryMb: () => (opts.dynamodb ? (processMemory(opts.dynamodb.pid)?.rssMb ?? null) : descendantsRssMb(pid)),
    logTail: () => [...tail],
    stop: (o) => (stopped ??= stop(o?.keepData ?? false)),
  };

  async function stop(keepData = false) {
    for (const c of clients) c.close();
    if (child.exitCode === null) {
      await Promise.race([call("stop").catch(() => 0), new Promise((r) => setTimeout(r, 20_000))]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    process.removeListener("exit", killOnExit);
    process.removeListener("SIGINT", onInterrupt);
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

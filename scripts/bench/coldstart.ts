/**
 * Cold start, the part a Lambda pays before its first answer: bundle size and the time to import
 * the bundle (module load and init code) in a fresh Node process. The real API bundle is set
 * against a Hono hello-world bundled the same way, so the ratio shows what our code adds.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { median } from "./stats.js";
import { REPO_ROOT } from "./paths.js";

export interface ColdStartBundle {
  label: string;
  source: string;
  bytes: number;
  gzipBytes: number;
  /** Import time inside the fresh process, per run (ms). */
  importMs: number[];
  /** CPU time (user + system, all threads) of the import, per run (ms): less sensitive than wall time to other work on the machine. */
  importCpuMs: number[];
  medianImportCpuMs: number;
  /** Spawn to exit of the whole process, per run (ms): Node's own start-up included. */
  processMs: number[];
  medianImportMs: number;
  medianProcessMs: number;
  /** Per request of FIRST_REQUESTS: import plus the handler's first answer, in fresh processes (ms). */
  firstAnswer: Array<{ request: string; status: number; totalMs: number[]; medianTotalMs: number }>;
  error?: string;
}

/**
 * First requests answered without the network (no DynamoDB or Meilisearch is reachable here): a
 * 404, a search rejected by its validation (the read path's code up to the engine call), and an
 * admin route without a key (a group loaded on first use). Import + answer shows work moved from
 * init to the first request, which import time alone would hide.
 */
export const FIRST_REQUESTS = ["GET /v1/no-such-route", "GET /v1/search?q=budget&limit=0", "GET /v1/admin/status"] as const;

export interface ColdStartResult {
  runs: number;
  bundles: ColdStartBundle[];
  notes: string[];
}

const HELLO_WORLD = `import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
const app = new Hono();
app.get("/", (c) => c.text("Hello Hono!"));
export const handler = handle(app);
`;

// CommonJS dependencies call require() for Node built-ins; ESM has none, so provide it (as SST does).
const REQUIRE_BANNER = `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`;

interface BuildSettings {
  target: string;
  external: string[];
  mainFields?: string[];
}

/** The deployed functions' esbuild settings when infra/bundle.ts is there, else equivalent defaults. */
async function lambdaSettings(): Promise<BuildSettings> {
  try {
    const { LAMBDA_ESBUILD } = await import("../../infra/bundle.js");
    return { target: LAMBDA_ESBUILD.target, external: [...LAMBDA_ESBUILD.external], mainFields: [...LAMBDA_ESBUILD.mainFields] };
  } catch {
    return { target: "node20", external: [] };
  }
}

async function bundle(entry: { file?: string; contents?: string }, outfile: string, settings: BuildSettings): Promise<void> {
  await build({
    ...(entry.contents !== undefined
      ? { stdin: { contents: entry.contents, resolveDir: REPO_ROOT, sourcefile: "hello.ts", loader: "ts" } }
      : { entryPoints: [entry.file!] }),
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: settings.target,
    minify: true,
    external: settings.external,
    mainFields: settings.mainFields,
    banner: { js: REQUIRE_BANNER },
    logLevel: "silent",
  });
}

/** Environment that lets the cloud wiring resolve its linked resources outside Lambda. */
async function cloudEnv(): Promise<Record<string, string>> {
  try {
    const { fakeResourceEnv } = await import("../build-lambda.js");
    return fakeResourceEnv({ table: "newsline-bench", meilisearchHost: "http://127.0.0.1:7700", adminApiKey: "bench-admin-key-0123456789abcdef" });
  } catch {
    return {};
  }
}

/** An API Gateway HTTP API (payload v2) event, as the deployed function receives it. */
function gatewayEvent(request: string) {
  const [method, target] = request.split(" ");
  const [rawPath, rawQueryString = ""] = target.split("?");
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: { host: "api.example.test", "x-forwarded-proto": "https", "user-agent": "newsline-bench" },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "api.example.test",
      domainPrefix: "api",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "newsline-bench" },
      requestId: "bench-request-0001",
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

function answerOnce(file: string, request: string, env: NodeJS.ProcessEnv): { totalMs: number; status: number } {
  const context = { awsRequestId: "bench-request-0001", functionName: "api", getRemainingTimeInMillis: () => 30_000, callbackWaitsForEmptyEventLoop: true };
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)});
const context = ${JSON.stringify(context).replace('"getRemainingTimeInMillis":30000', '"getRemainingTimeInMillis":() => 30000')};
const res = await m.handler(${JSON.stringify(gatewayEvent(request))}, context);
console.log("@@" + JSON.stringify({ ms: performance.now() - t, status: res.statusCode }));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  const line = out.stdout.split("\n").find((l) => l.startsWith("@@"));
  if (out.status !== 0 || !line) throw new Error(out.stderr.trim().split("\n").slice(0, 5).join(" ").slice(0, 400));
  const r = JSON.parse(line.slice(2)) as { ms: number; status: number };
  return { totalMs: r.ms, status: r.status };
}

function importOnce(file: string, env: NodeJS.ProcessEnv): { importMs: number; importCpuMs: number; processMs: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(w, (u.user + u.system) / 1000);`;
  const started = performance.now();
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  const processMs = performance.now() - started;
  if (out.status !== 0) throw new Error(out.stderr.trim().split("\n").slice(0, 5).join(" ").slice(0, 400));
  const [importMs, importCpuMs] = out.stdout.trim().split("\n").at(-1)!.split(" ").map(Number);
  return { importMs, importCpuMs, processMs };
}

/**
 * `baseline`: an API bundle built earlier (e.g. from another commit with `npm run build:lambda`),
 * measured in the same interleaved runs, so before and after share the machine's load.
 */
export async function measureColdStart(opts: { runs: number; workDir: string; log: (msg: string) => void; baseline?: string }): Promise<ColdStartResult> {
  const notes: string[] = [];
  rmSync(opts.workDir, { recursive: true, force: true });
  mkdirSync(opts.workDir, { recursive: true });
  const settings = await lambdaSettings();
  const helloFile = path.join(opts.workDir, "hello.mjs");
  await bundle({ contents: HELLO_WORLD }, helloFile, settings);

  let apiSource = "functions/lambda/api.ts";
  let apiFile = path.join(opts.workDir, "api.mjs");
  let apiInit: { bytes: number; gzipBytes: number } | undefined;
  try {
    const { buildLambdaBundles } = await import("../build-lambda.js");
    const [api] = await buildLambdaBundles({ outDir: path.join(opts.workDir, "lambda"), entries: ["api"] });
    apiFile = api.file;
    // Split bundles: the size that counts at init is the entry with the chunks it imports statically.
    if (api.totalBytes !== undefined && api.totalBytes !== api.bytes) {
      apiInit = { bytes: api.bytes, gzipBytes: api.gzipBytes };
      notes.push(`the API bundle is split: ${(api.bytes / 1024).toFixed(1)} KiB loaded at init (shown), ${(api.totalBytes / 1024).toFixed(1)} KiB with its ${api.chunks} chunks`);
    }
  } catch (err) {
    // Without the Lambda entry or its build script, the app module stands in for it.
    notes.push(`functions/lambda/api.ts could not be bundled by scripts/build-lambda.ts (${(err as Error).message.split("\n")[0]}); measured functions/app.ts instead`);
    apiSource = "functions/app.ts";
    await bundle({ file: path.join(REPO_ROOT, apiSource) }, apiFile, settings);
  }
  notes.push(`esbuild: bundle, minify, format esm, target ${settings.target}${settings.external.length ? `, external ${settings.external.join(" ")}` : ""}; Node ${process.version} here`);

  const env = { ...process.env, ...(await cloudEnv()), AWS_REGION: "us-east-1" };
  const files = [helloFile, apiFile];
  const labels = [
    { label: "Hono hello-world", source: "hono + hono/aws-lambda" },
    { label: "Newsline API", source: apiSource },
  ];
  if (opts.baseline) {
    files.push(path.resolve(opts.baseline));
    labels.push({ label: "Newsline API, baseline", source: path.basename(opts.baseline) });
  }
  const bundles: ColdStartBundle[] = labels.map((b, i) => {
    const code = readFileSync(files[i]);
    const size = i === 1 && apiInit ? apiInit : { bytes: code.length, gzipBytes: gzipSync(code).length };
    // The hello-world answers none of these routes: only the API bundles are asked.
    const firstAnswer = i === 0 ? [] : FIRST_REQUESTS.map((request) => ({ request, status: 0, totalMs: [] as number[], medianTotalMs: NaN }));
    return { ...b, ...size, importMs: [], importCpuMs: [], processMs: [], medianImportMs: NaN, medianImportCpuMs: NaN, medianProcessMs: NaN, firstAnswer };
  });

  // Interleaved, so drift on the machine touches both alike. One untimed run each first fills the OS file cache.
  for (let run = -1; run < opts.runs; run++) {
    bundles.forEach((b, i) => {
      if (b.error) return;
      try {
        const t = importOnce(files[i], env);
        if (run >= 0) {
          b.importMs.push(t.importMs);
          b.importCpuMs.push(t.importCpuMs);
          b.processMs.push(t.processMs);
        }
        for (const f of b.firstAnswer) {
          const a = answerOnce(files[i], f.request, env);
          f.status = a.status;
          if (run >= 0) f.totalMs.push(a.totalMs);
        }
      } catch (err) {
        b.error = (err as Error).message;
        opts.log(`importing the ${b.label} bundle failed: ${b.error}`);
      }
    });
  }
  for (const b of bundles) {
    b.medianImportMs = median(b.importMs);
    b.medianProcessMs = median(b.processMs);
    b.medianImportCpuMs = median(b.importCpuMs);
    for (const f of b.firstAnswer) f.medianTotalMs = median(f.totalMs);
  }
  return { runs: opts.runs, bundles, notes };
}

/**
 * `npm run build:lambda [-- --compare]`: bundles functions/lambda/{api,indexer,reindex}.ts into
 * dist/lambda with the settings SST deploys them with (infra/bundle.ts), fails when a bundle holds a
 * native module or the embedded engine, and prints the sizes. `--compare` also builds each bundle
 * with the AWS SDK left to the runtime and measures the cold import time of both variants.
 */
import { build, type Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { API_ASSETS, FORBIDDEN_IN_BUNDLE, LAMBDA_ENTRIES, LAMBDA_ESBUILD, type LambdaEntry } from "../infra/bundle.js";
import lambdaPlugins from "../infra/esbuild-plugins.mjs";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_OUT_DIR = path.join(ROOT, "dist", "lambda");

export interface BuildLambdaOptions {
  outDir?: string;
  entries?: readonly LambdaEntry[];
  /** Leave `@aws-sdk/*` to the Lambda runtime instead of bundling it. */
  externalAwsSdk?: boolean;
}

export interface LambdaBundle {
  entry: LambdaEntry;
  /** The ESM file to deploy; its `handler` export is the Lambda handler. */
  file: string;
  /** The entry and the chunks it imports statically: what init loads. */
  bytes: number;
  gzipBytes: number;
  /** The entry and its chunks (loaded at the first `import()` that reaches them): what is deployed. */
  totalBytes: number;
  chunks: number;
  /** Source files that went in, relative to the project. */
  inputs: string[];
  /** The part of `inputs` that init loads (the rest is in chunks loaded on first use). */
  initInputs: string[];
  /** Imports left to the runtime. */
  externals: string[];
}

export class ForbiddenBundleContentError extends Error {
  constructor(readonly entry: string, readonly offenders: string[]) {
    super(`The ${entry} bundle must not contain native modules or local-only code, found: ${offenders.join(", ")}`);
  }
}

/** Builds the bundles, checks them, and describes them. */
export async function buildLambdaBundles(opts: BuildLambdaOptions = {}): Promise<LambdaBundle[]> {
  const outDir = opts.outDir ?? DEFAULT_OUT_DIR;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const bundles: LambdaBundle[] = [];
  for (const entry of opts.entries ?? LAMBDA_ENTRIES) {
    const file = path.join(outDir, `${entry}.mjs`);
    const result = await build({
      entryPoints: [path.join(ROOT, "functions", "lambda", `${entry}.ts`)],
      absWorkingDir: ROOT,
      outdir: outDir,
      entryNames: "[name]",
      chunkNames: `chunks/${entry}-[hash]`,
      outExtension: { ".js": ".mjs" },
      splitting: LAMBDA_ESBUILD.splitting,
      bundle: true,
      platform: "node",
      format: "esm",
      target: LAMBDA_ESBUILD.target,
      mainFields: [...LAMBDA_ESBUILD.mainFields],
      keepNames: LAMBDA_ESBUILD.keepNames,
      plugins: lambdaPlugins,
      minify: true,
      sourcemap: "external",
      metafile: true,
      logLevel: "error",
      external: opts.externalAwsSdk ? ["@aws-sdk/*"] : [...LAMBDA_ESBUILD.external],
      // CommonJS dependencies call require() for Node built-ins; ESM has none, so provide it (as SST does).
      banner: { js: `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);` },
    });
    const offenders = forbiddenContents(result.metafile);
    if (offenders.length) throw new ForbiddenBundleContentError(entry, offenders);
    // Files the code reads beside itself (as SST's copyFiles puts them), not bundled code.
    if (entry === "api") for (const asset of API_ASSETS) copyFileSync(path.join(ROOT, asset.from), path.join(outDir, asset.to));
    const atInit = loadedAtInit(result.metafile, path.relative(ROOT, file));
    const code = Buffer.concat(atInit.map((o) => readFileSync(path.join(ROOT, o))));
    const outputs = Object.keys(result.metafile.outputs).filter((o) => o.endsWith(".mjs"));
    bundles.push({
      entry,
      file,
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      totalBytes: outputs.reduce((sum, o) => sum + result.metafile.outputs[o].bytes, 0),
      chunks: outputs.length - 1,
      inputs: Object.keys(result.metafile.inputs),
      initInputs: [...new Set(atInit.flatMap((o) => Object.keys(result.metafile.outputs[o].inputs)))],
      externals: externalImports(result.metafile),
    });
  }
  return bundles;
}

/** The entry's output and every chunk it reaches through static imports (metafile paths). */
export function loadedAtInit(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imp of metafile.outputs[out].imports) if (!imp.external && imp.kind === "import-statement") visit(imp.path);
  };
  visit(entryOutput);
  return [...seen];
}

/** Inputs or external imports that are native (.node), or packages that must stay local. */
export function forbiddenContents(metafile: Metafile): string[] {
  const paths = [...Object.keys(metafile.inputs), ...externalImports(metafile)];
  return [...new Set(paths.filter((p) => p.endsWith(".node") || FORBIDDEN_IN_BUNDLE.some((name) => p.includes(name))))];
}

function externalImports(metafile: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) out.add(imp.path);
  }
  return [...out].sort();
}

/**
 * The deployed functions' environment outside Lambda: the table name (TABLE_NAME, as infra/ sets
 * it), and what makes SST's `Resource` resolve: the SDK reads each linked resource from
 * `SST_RESOURCE_<Name>` (JSON) and needs `SST_RESOURCE_App` to consider links active.
 */
export function fakeResourceEnv(values: { table: string; meilisearchHost: string; meilisearchApiKey?: string; adminApiKey?: string; apiKeys?: string }): Record<string, string> {
  return {
    TABLE_NAME: values.table,
    SST_RESOURCE_App: JSON.stringify({ name: "newsline", stage: "local" }),
    // Bundles built before the table was passed as TABLE_NAME read it as a link (bench baselines).
    SST_RESOURCE_Table: JSON.stringify({ name: values.table, type: "sst.aws.Dynamo" }),
    SST_RESOURCE_MeilisearchHost: JSON.stringify({ value: values.meilisearchHost, type: "sst.sst.Secret" }),
    SST_RESOURCE_MeilisearchApiKey: JSON.stringify({ value: values.meilisearchApiKey ?? "", type: "sst.sst.Secret" }),
    SST_RESOURCE_AdminApiKey: JSON.stringify({ value: values.adminApiKey ?? "", type: "sst.sst.Secret" }),
    SST_RESOURCE_ApiKeys: JSON.stringify({ value: values.apiKeys ?? "", type: "sst.sst.Secret" }),
  };
}

/** Milliseconds to import a bundle in a fresh Node process: module load and init code, no request. */
export function coldImportMs(file: string): number {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== "function") throw new Error("no handler"); console.log(performance.now() - t);`;
  const env = {
    ...process.env,
    ...fakeResourceEnv({ table: "newsline-measure", meilisearchHost: "http://127.0.0.1:7700", adminApiKey: "measure-admin-key-0123456789" }),
    AWS_REGION: "us-east-1",
  };
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr.slice(0, 500)}`);
  return Number(out.stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const started = Date.now();
  const bundles = await buildLambdaBundles();
  console.log(`Lambda bundles in ${path.relative(ROOT, DEFAULT_OUT_DIR)} (${Date.now() - started} ms):`);
  for (const b of bundles) {
    console.log(`  ${b.entry.padEnd(8)} ${kb(b.bytes).padStart(10)}  gzip ${kb(b.gzipBytes).padStart(9)}  at init, ${kb(b.totalBytes).padStart(10)} with ${b.chunks} chunks  ${b.inputs.length} inputs${b.externals.length ? `, runtime-provided: ${b.externals.join(" ")}` : ""}`);
  }
  if (!process.argv.includes("--compare")) return;

  const rounds = 9;
  console.log(`\nAWS SDK bundled vs left to the runtime (median cold import over ${rounds} fresh processes, variants interleaved):`);
  const bundled = await buildLambdaBundles({ outDir: path.join(ROOT, "dist", "lambda-compare", "bundled-sdk") });
  const external = await buildLambdaBundles({ outDir: path.join(ROOT, "dist", "lambda-compare", "runtime-sdk"), externalAwsSdk: true });
  for (let i = 0; i < bundled.length; i++) {
    const times = { bundled: [] as number[], external: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      times.bundled.push(coldImportMs(bundled[i].file));
      times.external.push(coldImportMs(external[i].file));
    }
    for (const [label, b, t] of [["bundled SDK ", bundled[i], times.bundled], ["runtime SDK*", external[i], times.external]] as const) {
      console.log(`  ${label} ${b.entry.padEnd(8)} ${kb(b.bytes).padStart(10)}  gzip ${kb(b.gzipBytes).padStart(9)}  import ${median(t).toFixed(0).padStart(5)} ms`);
    }
  }
  console.log("  * the SDK is loaded from this project's node_modules here; on Lambda, from the runtime's copy.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}

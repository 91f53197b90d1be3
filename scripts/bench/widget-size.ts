/**
 * The embeddable widget script's transfer size next to the browser libraries a site would otherwise
 * embed for the same job: InstantSearch.js (search box, hits, refinement lists, pagination),
 * Autocomplete.js (the suggestion list) and instant-meilisearch (their client for Meilisearch), each
 * the production browser build of its npm package. The peer packages are fetched with `npm pack`
 * into a cache folder, never installed. Run alone: `npx tsx scripts/bench/widget-size.ts`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { transformSync } from "esbuild";
import { WIDGET_SCRIPT } from "../../functions/web/widget-script.js";

export interface SizeRow {
  name: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export interface WidgetSizeResult {
  ours: SizeRow;
  /** The same script minified, as the peers ship theirs: what minifying ours would still save. */
  oursMinified: SizeRow;
  peer?: { rows: SizeRow[]; total: SizeRow };
  peerUnavailable?: string;
}

/** Package, version and the browser build inside its tarball. */
export const PEER_FILES = [
  { pkg: "instantsearch.js", version: "4.118.1", file: "package/dist/instantsearch.production.min.js" },
  { pkg: "@algolia/autocomplete-js", version: "1.19.12", file: "package/dist/umd/index.production.js" },
  { pkg: "@meilisearch/instant-meilisearch", version: "1.0.0", file: "package/dist/instant-meilisearch.umd.min.js" },
] as const;

export function sizeOf(name: string, code: Buffer | string): SizeRow {
  const buf = Buffer.isBuffer(code) ? code : Buffer.from(code, "utf8");
  return {
    name,
    bytes: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function packedFile(cacheDir: string, pkg: string, version: string, file: string): Buffer {
  mkdirSync(cacheDir, { recursive: true });
  const prefix = pkg.replace(/^@/, "").replace("/", "-");
  const tarball = () => readdirSync(cacheDir).find((f) => f === `${prefix}-${version}.tgz`);
  if (!tarball()) execFileSync("npm", ["pack", `${pkg}@${version}`, "--pack-destination", cacheDir, "--silent"], { stdio: ["ignore", "ignore", "pipe"] });
  const tgz = tarball();
  if (!tgz) throw new Error(`npm pack ${pkg}@${version} left no tarball`);
  return execFileSync("tar", ["-xzOf", path.join(cacheDir, tgz), file], { maxBuffer: 64 * 1024 * 1024 });
}

export function measureWidgetSize(cacheDir: string): WidgetSizeResult {
  const ours = sizeOf("newsline.js (all three widgets, as served: not minified)", WIDGET_SCRIPT);
  const oursMinified = sizeOf("newsline.js minified by esbuild (for comparison)", transformSync(WIDGET_SCRIPT, { minify: true }).code);
  try {
    const rows = PEER_FILES.map(({ pkg, version, file }) => sizeOf(`${pkg}@${version} ${path.basename(file)}`, packedFile(cacheDir, pkg, version, file)));
    const sum = (k: "bytes" | "gzip" | "brotli") => rows.reduce((n, r) => n + r[k], 0);
    return { ours, oursMinified, peer: { rows, total: { name: "peer total", bytes: sum("bytes"), gzip: sum("gzip"), brotli: sum("brotli") } } };
  } catch (err) {
    return { ours, oursMinified, peerUnavailable: `could not fetch the peer packages with npm pack: ${(err as Error).message.split("\n")[0]}` };
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function reportWidgetSize(log: (line: string) => void, r: WidgetSizeResult) {
  log("");
  log("widget script, as sent (gzip -9 and brotli 11; the API sends gzip):");
  const row = (x: SizeRow) => `  ${x.name.padEnd(66)} ${kb(x.bytes).padStart(9)}  gzip ${kb(x.gzip).padStart(8)}  br ${kb(x.brotli).padStart(8)}`;
  log(row(r.ours));
  log(row(r.oursMinified));
  if (!r.peer) return log(`  peer not measured: ${r.peerUnavailable}`);
  for (const p of r.peer.rows) log(row(p));
  log(row(r.peer.total));
  log(`  ours / peer, gzipped: ${(r.ours.gzip / r.peer.total.gzip).toFixed(3)} (the peer is ${(r.peer.total.gzip / r.ours.gzip).toFixed(1)}× larger); budget 20 KB gzipped: ${r.ours.gzip <= 20 * 1024 ? "met" : "EXCEEDED"}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cacheDir = path.resolve(fileURLToPath(new URL("../..", import.meta.url)), "bench-results/.cache/packages");
  reportWidgetSize(console.log, measureWidgetSize(existsSync(cacheDir) ? cacheDir : (mkdirSync(cacheDir, { recursive: true }), cacheDir)));
}

/** The bench's console tables. */
import type { LoadCorpusResult } from "../corpus/load.js";
import type { ColdStartResult } from "./coldstart.js";
import type { Operation, PeerResult } from "./operations.js";
import type { ProcessMemory } from "./memory.js";
import type { FreshProcessResult } from "./fresh.js";
import { median, medianOfRounds, ratio, summarize, type LatencySummary } from "./stats.js";
import { count, fixed, kib, mb, ms, table, times } from "./format.js";

export type Log = (msg: string) => void;

export const headline = (op: Operation): LatencySummary | undefined => (op.rounds.length ? medianOfRounds(op.rounds.map((r) => r.summary)) : undefined);

export const throughputMedian = (op: Operation): number | undefined => (op.rounds.length ? median(op.rounds.map((r) => r.throughput)) : undefined);

export function reportIngest(log: Log, r: LoadCorpusResult): void {
  log(
    `ingest: ${count(r.stored)} articles searchable in ${(r.searchableMs / 1000).toFixed(1)} s = ${count(r.stored / (r.searchableMs / 1000))} articles/s end to end ` +
      `(all batches answered after ${(r.writeMs / 1000).toFixed(1)} s; the index caught up ${((r.searchableMs - r.writeMs) / 1000).toFixed(1)} s later)`,
  );
  if (r.rejected.length) log(`  ${r.rejected.length} articles rejected by the API, e.g. ${r.rejected[0].id}: ${r.rejected[0].error}`);
}

export function reportLatency(log: Log, operations: Operation[], peer: PeerResult, info: { rounds: number; cpus: number }): void {
  const peerHeadline = peer.rounds.length ? medianOfRounds(peer.rounds) : undefined;
  const rows: string[][] = [["operation", "n", "p50 ms", "p95 ms", "p99 ms", "throughput", "errors", "p95 target"]];
  for (const op of operations) {
    const h = headline(op);
    if (!h) {
      rows.push([op.label, "–", "–", "–", "–", op.unavailableReason ?? "not measured", "", ""]);
      continue;
    }
    const errors = op.rounds.reduce((a, r) => a + r.errors, 0);
    const target = op.targetP95Ms === undefined ? "" : `≤ ${op.targetP95Ms} ${h.p95 <= op.targetP95Ms ? "met" : "NOT met"}`;
    rows.push([op.label, count(h.n), ms(h.p50), ms(h.p95), ms(h.p99), `${count(throughputMedian(op)!)} ${op.itemsPerRequest > 1 ? "events/s" : "req/s"}`, String(errors), target]);
    if (op.key === "search-c1" && peerHeadline) {
      rows.push(["  raw FTS5, same queries", count(peerHeadline.n), ms(peerHeadline.p50), ms(peerHeadline.p95), ms(peerHeadline.p99), "in process", "", ""]);
      rows.push(["  API ÷ raw FTS5", "", times(ratio(h.p50, peerHeadline.p50)), times(ratio(h.p95, peerHeadline.p95)), times(ratio(h.p99, peerHeadline.p99)), "", "", ""]);
    }
    if (op.key === "suggest-c1" && peer.suggest.rounds.length) {
      const p = medianOfRounds(peer.suggest.rounds);
      rows.push(["  raw FTS5 titles, same input", count(p.n), ms(p.p50), ms(p.p95), ms(p.p99), "in process", "", ""]);
      rows.push(["  API ÷ raw FTS5", "", times(ratio(h.p50, p.p50)), times(ratio(h.p95, p.p95)), times(ratio(h.p99, p.p99)), "", "", ""]);
    }
  }
  log("");
  log(`Latency: median of ${info.rounds} rounds; n = timed requests over all rounds; loopback HTTP, client and server on the same ${info.cpus} CPUs`);
  log(table(rows));
  const kinds = Object.entries(peer.byKind).filter(([, v]) => v.api.length);
  if (kinds.length) {
    log(`  search · c=1 p50 by query kind, API / raw FTS5 (rounds pooled): ${kinds.map(([k, v]) => `${k} ${ms(median(v.api))} / ${ms(median(v.peer))} ms (n=${v.api.length})`).join(", ")}`);
  }
  if (peer.handlerMs.length) {
    const h = summarize(peer.handlerMs);
    log(`  search · c=1 inside the server's handler (the answers' tookMs, rounds pooled): p50 ${ms(h.p50)}, p95 ${ms(h.p95)}, p99 ${ms(h.p99)} ms; the rest is routing, middleware, compression, loopback HTTP and the client`);
  }
  if (peer.hitShare.ours.length) {
    log(`  queries with ≥ 1 hit: API ${fixed(median(peer.hitShare.ours) * 100, 1)} %, raw FTS5 ${fixed(median(peer.hitShare.peer) * 100, 1)} % (FTS5: no typo tolerance)`);
  }
  for (const op of operations) {
    const firstError = op.rounds.find((r) => r.firstError)?.firstError;
    if (firstError) log(`  ${op.label}: first error: ${firstError}`);
  }
}

export interface MemoryReadings {
  atStart: ProcessMemory | null;
  afterLoad: ProcessMemory | null;
  afterRun: ProcessMemory | null;
  /** The JavaScript heap still in use after a full GC: live data, as opposed to RSS. */
  liveHeapMb: { afterLoad: number | null; afterRun: number | null };
  dynamoDbLocalMb: { afterLoad: number | null; afterRun: number | null };
}

export function reportMemory(log: Log, m: MemoryReadings): void {
  log("");
  log(`Server memory (VmRSS of the Node server process): at start ${mb(m.atStart?.rssMb)}, after load ${mb(m.afterLoad?.rssMb)}, after the run ${mb(m.afterRun?.rssMb)} (peak ${mb(m.afterRun?.peakRssMb)})`);
  log(`  of which live JavaScript heap and array buffers (after a full GC): ${mb(m.liveHeapMb.afterLoad)} after load, ${mb(m.liveHeapMb.afterRun)} after the run; the rest is heap V8 had not yet collected, SQLite's page cache and native buffers`);
  log(`  DynamoDB Local (JVM, local stand-in only): ${mb(m.dynamoDbLocalMb.afterLoad)} after load, ${mb(m.dynamoDbLocalMb.afterRun)} after the run`);
}

export function reportFreshProcess(log: Log, f: FreshProcessResult): void {
  const growth = (after: number | null) => (after !== null && f.rssBeforeMb !== null ? `${(after - f.rssBeforeMb).toFixed(1)} MiB` : "n/a");
  log("");
  log(`Fresh process on the loaded data (stopped and started again: a cold Lambda instance), one request at a time through HTTP:`);
  log(
    table([
      ["first related answer", "first search answer (peer)", "related ÷ search", `next ${f.nextRequests} related, median`, "RSS growth after first related (target ≤ 30 MB)", `after ${f.nextRequests + 1} related`],
      [`${ms(f.firstRelatedMs)} ms`, `${ms(f.firstSearchMs)} ms`, times(ratio(f.firstRelatedMs, f.firstSearchMs)), `${ms(f.nextRelatedMedianMs)} ms`, growth(f.rssAfterFirstRelatedMb), growth(f.rssAfterNextRelatedMb)],
    ]),
  );
  log(`  RSS before the first related request ${mb(f.rssBeforeMb)}; process start to ready ${ms(f.startMs)} ms (the embedded engine's load included; DynamoDB Local kept running, as the store a Lambda instance meets). Target for the first related answer: ≤ 300 ms`);
}

export function reportColdStart(log: Log, cold: ColdStartResult): void {
  const [hello, api] = cold.bundles;
  const rows = [["bundle", "source", "size", "gzip", "import p50", "import CPU p50", "process p50", "import ÷ hello"]];
  for (const b of cold.bundles) {
    rows.push([
      b.label,
      b.source,
      kib(b.bytes),
      kib(b.gzipBytes),
      b.error ? "failed" : `${ms(b.medianImportMs)} ms`,
      b.error || b.medianImportCpuMs === undefined ? "" : `${ms(b.medianImportCpuMs)} ms`,
      b.error ? "" : `${ms(b.medianProcessMs)} ms`,
      b === hello || b.error ? "" : times(ratio(b.medianImportMs, hello.medianImportMs)),
    ]);
  }
  log("");
  log(`Cold start: median of ${cold.runs} fresh Node processes per bundle, interleaved; import = module load + init, no request`);
  log(table(rows, ["left", "left", "right", "right", "right", "right", "right", "right"]));
  if (api && !api.error && !hello.error) log(`  size ratio ${times(api.bytes / hello.bytes)}; process = spawn to exit, Node's own start-up included`);
  const baseline = cold.bundles[2];
  if (api && baseline && !api.error && !baseline.error) {
    log(`  import against the baseline: ${((100 * api.medianImportMs) / baseline.medianImportMs).toFixed(0)} % (${ms(api.medianImportMs)} vs ${ms(baseline.medianImportMs)} ms); CPU ${((100 * api.medianImportCpuMs) / baseline.medianImportCpuMs).toFixed(0)} %`);
  }
  for (const note of cold.notes) log(`  ${note}`);
  for (const b of cold.bundles) if (b.error) log(`  ${b.label}: ${b.error}`);
  const answered = cold.bundles.filter((b) => !b.error && b !== hello && b.firstAnswer?.length);
  if (answered.length) {
    log("");
    log("Import + first answer (fresh process per request, median; no network is reached): status, ms");
    const head = ["request", ...answered.map((b) => b.label)];
    const lines = answered[0].firstAnswer.map((f, i) => [f.request, ...answered.map((b) => `${b.firstAnswer[i].status}  ${ms(b.firstAnswer[i].medianTotalMs)} ms`)]);
    log(table([head, ...lines], ["left", ...answered.map(() => "right" as const)]));
  }
}

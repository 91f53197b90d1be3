import http from "node:http";
import { gzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendants, processMemory, statusField } from "../../scripts/bench/memory.js";
import { HttpClient } from "../../scripts/bench/http.js";
import { runLoad } from "../../scripts/bench/load.js";
import { parseCorpus } from "../../scripts/corpus/read.js";
import { toArticleInput } from "../../scripts/corpus/types.js";

describe("memory", () => {
  it("reads kB fields of /proc/<pid>/status", () => {
    const status = "Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    expect(statusField(status, "VmRSS")).toBe(102400);
    expect(statusField(status, "VmHWM")).toBe(204800);
    expect(statusField(status, "VmSwap")).toBeNull();
  });

  it.runIf(process.platform === "linux")("measures this process and finds no descendants of a childless pid", () => {
    const own = processMemory(process.pid)!;
    expect(own.rssMb).toBeGreaterThan(10);
    expect(own.peakRssMb).toBeGreaterThanOrEqual(own.rssMb);
    expect(processMemory(2 ** 22 + 12345)).toBeNull();
    expect(descendants(2 ** 22 + 12345)).toEqual([]);
  });
});

describe("corpus rows", () => {
  it("parse line by line, naming the line of a bad row", () => {
    const rows = parseCorpus(`{"id":"a","title":"T","body":"B","publishedAt":null}\n\n{"id":"b","title":"T2","body":"B2"}\n`);
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
    expect(() => parseCorpus(`{"id":"a","title":"T","body":"B"}\n{"id":"b"}`, "c.ndjson")).toThrow("c.ndjson:2");
    expect(() => parseCorpus(`{`, "c.ndjson")).toThrow("c.ndjson:1: not valid JSON");
  });

  it("keep ground truth such as topics away from the API", () => {
    const input = toArticleInput({ id: "a", title: "T", body: "B", publishedAt: "2024-01-01", topics: ["cocoa"], places: ["usa"], tags: ["x"] });
    expect(input).toEqual({ id: "a", title: "T", body: "B", publishedAt: "2024-01-01", tags: ["x"] });
  });
});

describe("runLoad", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url?.includes("fail") ? 500 : 200;
      res.end(JSON.stringify({ url: req.url }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("stops at the request bound, counts errors apart and records what it sent", async () => {
    const client = new HttpClient(port, {}, 4);
    const seen: string[] = [];
    const result = await runLoad(client, (i) => ({ method: "GET", path: i % 5 === 4 ? `/fail/${i}` : `/ok/${i}` }), {
      concurrency: 4,
      durationMs: 60_000,
      maxRequests: 50,
      inspect: (body) => seen.push(JSON.parse(body).url),
    });
    client.close();
    expect(result.sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(result.ok).toBe(40);
    expect(result.errors).toBe(10);
    expect(result.latencies).toHaveLength(40);
    // Each latency is tied to the request it measured: only the successful ones, none twice.
    expect(result.timed.map((t) => t.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 5 !== 4));
    expect(result.statuses).toEqual({ 200: 40, 500: 10 });
    expect(result.firstError).toContain("500");
    expect(seen).toHaveLength(40);
    expect(seen.every((u) => u.startsWith("/ok/"))).toBe(true);
  });

  it("stops starting requests when the time is up", async () => {
    const client = new HttpClient(port, {}, 2);
    const result = await runLoad(client, (i) => ({ method: "GET", path: `/ok/${i}` }), { concurrency: 2, durationMs: 0, maxRequests: 1000 });
    client.close();
    expect(result.sent).toEqual([]);
    expect(result.ok).toBe(0);
  });
});

describe("HttpClient", () => {
  it("asks for gzip as a browser does and hands back the body unzipped", async () => {
    const server = http.createServer((req, res) => {
      const body = JSON.stringify({ accept: req.headers["accept-encoding"], text: "budget ".repeat(500) });
      if (req.url === "/plain") return void res.end(body);
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync(body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = new HttpClient((server.address() as AddressInfo).port, {}, 1);
    try {
      for (const path of ["/zipped", "/plain"]) {
        const res = await client.json<{ accept: string; text: string }>({ method: "GET", path });
        expect(res.accept).toBe("gzip");
        expect(res.text).toBe("budget ".repeat(500));
      }
    } finally {
      client.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("sends a request again when the server dropped the idle keep-alive connection it went out on", async () => {
    // Every connection answers its first request and drops the second unanswered, as a server
    // does when its keep-alive timeout strikes just as a request arrives.
    const served = new WeakMap<object, number>();
    const server = http.createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) return void req.socket.destroy();
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = new HttpClient((server.address() as AddressInfo).port, {}, 1);
    try {
      expect((await client.request({ method: "GET", path: "/a" })).status).toBe(200);
      const second = await client.request({ method: "GET", path: "/b" });
      expect(second).toMatchObject({ status: 200, body: "ok" });
    } finally {
      client.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

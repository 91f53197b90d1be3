/**
 * The typed TypeScript client of the README: types generated from the served document by
 * openapi-typescript, used through openapi-fetch, type-checked by tsc, including calls it must reject.
 */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { clientTypes } from "../../scripts/client/generate.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The README's example, plus calls that must not compile. */
const USAGE = `
import createClient from "openapi-fetch";
import type { paths } from "./newsline-api";

const api = createClient<paths>({ baseUrl: "https://api.newsline.example" });

export async function example() {
  const { data, error } = await api.GET("/v1/search", { params: { query: { q: "peace treaty", facets: "tags,month", month: "2026-03" } } });
  if (error) return error.detail;
  const first: string | undefined = data.hits[0]?.highlight.title;
  const capped: "eq" | "gte" = data.totalRelation;
  const related = await api.GET("/v1/articles/{id}/related", { params: { path: { id: "demo-peace-treaty-01" }, query: { limit: 5 } } });
  const reasons: string[] | undefined = related.data?.items[0]?.reasons;
  await api.POST("/v1/events", { body: { events: [{ eventId: "e-1", visitorId: "v_3fa85f6457174562b3fc", articleId: "demo-peace-treaty-01", type: "read" }] } });
  // @ts-expect-error: no such path
  await api.GET("/v1/serch");
  // @ts-expect-error: sort is relevance or newest
  await api.GET("/v1/search", { params: { query: { sort: "oldest" } } });
  // @ts-expect-error: the related list needs the article id
  await api.GET("/v1/articles/{id}/related", {});
  return [first, capped, reasons];
}
`;

describe("the generated TypeScript client", () => {
  it("types every path of the document, so tsc accepts the README's example and rejects wrong calls", async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", `client-check-${randomUUID().slice(0, 8)}`);
    mkdirSync(dir, { recursive: true });
    try {
      const types = await clientTypes();
      expect(types).toContain('"/v1/search": {');
      writeFileSync(path.join(dir, "newsline-api.d.ts"), types);
      writeFileSync(path.join(dir, "usage.ts"), USAGE);
      const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--skipLibCheck", path.join(dir, "usage.ts")];
      const result = await new Promise<{ code: number; out: string }>((resolve) =>
        execFile(process.execPath, [tsc, ...args], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr })),
      );
      expect(result.out).toBe("");
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

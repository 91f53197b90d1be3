/**
 * Route groups loaded on first use: the table start-up mounts is the groups' own, a stale one fails
 * loudly instead of routing to the wrong handler, and the app answers exactly as one whose groups
 * are all mounted at start-up (the shape it had before).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { createApp } from "../../functions/app.js";
import { mountLazy, routeTable } from "../../functions/http/lazy-routes.js";
import { LAZY_GROUPS } from "../../functions/routes/lazy-groups.js";
import { LAZY_ROUTE_TABLE } from "../../functions/routes/lazy-table.js";
import type { Services } from "../../functions/services.js";
import { lazyTableSource, TABLE_FILE } from "../../scripts/lazy-route-table.js";

const ADMIN_KEY = "lazy-admin-key-0123456789abcdef";
// No store or engine is reached by the requests below: keys, validation and routing answer them.
const WRITER_KEY = "lazy-writer-key-0123456789abcdef";
const services = {
  env: { TRUST_PROXY: false },
  keys: [
    { name: "admin", key: ADMIN_KEY, scopes: ["articles:write", "admin"] },
    { name: "cms", key: WRITER_KEY, scopes: ["articles:write"] },
  ],
} as unknown as Services;

describe("the lazy route table", () => {
  it("is the one the groups produce (npm run routes:table)", () => {
    expect(readFileSync(TABLE_FILE, "utf8")).toBe(lazyTableSource());
    for (const [name, group] of Object.entries(LAZY_GROUPS)) {
      expect(LAZY_ROUTE_TABLE[name as keyof typeof LAZY_ROUTE_TABLE]).toEqual(routeTable(group(services)));
    }
  });

  it("refuses a stale table at the first request, and loads the group once", async () => {
    const group = () => new Hono().get("/a", (c) => c.text("a"));
    let loads = 0;
    const stale = new Hono();
    stale.onError((err, c) => c.text(err.message, 500));
    mountLazy(stale, [["GET", "/b"]], async () => (loads++, group()));
    const res = await stale.request("/b");
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("npm run routes:table");

    loads = 0;
    const fresh = new Hono();
    mountLazy(fresh, [["GET", "/a"]], async () => (loads++, group()));
    const answers = await Promise.all([fresh.request("/a"), fresh.request("/a"), fresh.request("/a")]);
    expect(await Promise.all(answers.map((r) => r.text()))).toEqual(["a", "a", "a"]);
    expect(loads).toBe(1);
  });
});

describe("an app with groups loaded on first use", () => {
  it("describes every route in /openapi.json, those loaded on first use included", async () => {
    const res = await createApp(services).request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`)));
    const lazyRoutes = Object.values(LAZY_ROUTE_TABLE).flatMap((table) => table.filter(([method]) => method !== "ALL").map(([m, p]) => `${m} ${p}`));
    expect(lazyRoutes.length).toBeGreaterThan(15);
    for (const route of lazyRoutes) expect(documented, route).toContain(route);
    for (const route of ["GET /v1/search", "GET /v1/articles/:id", "GET /v1/articles/:id/related"]) expect(documented).toContain(route);
  });

  it("answers as an app whose groups are all mounted at start-up: auth, validation, body limits, 404s, headers, document", async () => {
    const lazy = createApp(services);
    const eager = createApp(services, { mountNow: LAZY_GROUPS });
    const json = { "content-type": "application/json" };
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    const requests: Array<[string, string, RequestInit?]> = [
      ["GET", "/v1/admin/rules"],
      ["GET", "/v1/admin/rules/x/y/z"],
      ["PUT", "/v1/admin/rules/r1", { headers: { ...admin, ...json }, body: JSON.stringify({ action: "pin" }) }],
      ["PUT", "/v1/admin/rules/r1", { headers: { ...admin, ...json }, body: "{not json" }],
      ["POST", "/v1/events", { headers: json, body: JSON.stringify({ events: [] }) }],
      ["POST", "/v1/events", { headers: json, body: "x".repeat(300 * 1024) }],
      ["PUT", "/v1/articles/a1", { headers: json, body: "{}" }],
      ["PUT", "/v1/articles/a1", { headers: { ...admin, ...json }, body: JSON.stringify({ title: "" }) }],
      ["DELETE", "/v1/articles/bad id"],
      ["PATCH", "/v1/admin/status"],
      ["GET", "/v1/admin/reindex/not-a-uuid", { headers: admin }],
      ["GET", "/v1/visitors/short/history"],
      ["PUT", "/v1/articles/a1/reviews/short", { headers: json, body: "{}" }],
      ["GET", "/v1/admin/reviews", { headers: { authorization: "Bearer wrong-key-0123456789" } }],
      ["POST", "/v1/admin/reviews/a1/r1/decision", { headers: { authorization: `Bearer ${WRITER_KEY}` } }],
      ["OPTIONS", "/v1/admin/synonyms", { headers: { origin: "https://news.example", "access-control-request-method": "PUT" } }],
      ["GET", "/v1/no-such-route"],
      ["GET", "/openapi.json"],
    ];
    const statuses: number[] = [];
    for (const [method, path, init] of requests) {
      const [a, b] = await Promise.all([lazy, eager].map((app) => app.request(path, { method, ...init })));
      const label = `${method} ${path}`;
      expect(a.status, label).toBe(b.status);
      statuses.push(a.status);
      const headers = (r: Response) => {
        const out: string[] = [];
        r.headers.forEach((value, name) => name !== "x-request-id" && out.push(`${name}: ${value}`));
        return out;
      };
      expect(headers(a), label).toEqual(headers(b));
      expect(await a.text(), label).toBe(await b.text());
    }
    // The requests reach keys, validation, limits and routing, never a store (no 500 among them).
    expect(new Set(statuses)).toEqual(new Set([200, 204, 400, 401, 403, 404, 413]));
  });
});

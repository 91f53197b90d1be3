/// <reference lib="dom" />
/**
 * The widgets and the demo pages in a real browser (Debian's chromium through playwright-core)
 * against the whole local service: a partner page on another origin embedding the three widgets
 * from the API's origin, the demo pages built on the same widgets, and /docs offline. Skipped, with
 * the reason, where no chromium is installed (.ci/run installs it).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestRuntime, type TestRuntime } from "../support/runtime.js";

// The first answers build the related model and load the viewer on a contended machine.
vi.setConfig({ testTimeout: 60_000 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const day = (d: number) => `2026-03-${String(d).padStart(2, "0")}T09:00:00Z`;
const STORIES = [
  { id: "web-az-1", title: "Azerbaijan and Armenia agree on border commissions", body: "Azerbaijan and Armenia agreed in Baku to set up border commissions for the delimitation of the frontier.", tags: ["azerbaijan", "armenia", "border"], publishedAt: day(2) },
  { id: "web-az-2", title: "Azerbaijan border commission holds first meeting", body: "The Azerbaijan border commission met the Armenian delegation for the first time on the frontier.", tags: ["azerbaijan", "armenia", "border"], publishedAt: day(4) },
  { id: "web-az-3", title: "Armenia names its delegates to the border talks with Azerbaijan", body: "Armenia named deputies and diplomats to the border talks with Azerbaijan on the frontier.", tags: ["azerbaijan", "armenia", "border"], publishedAt: day(5) },
  { id: "web-az-4", title: "Border villages in Azerbaijan wait for the commissions", body: "Villagers on the Azerbaijan side of the border asked the commissions to reopen roads across the frontier.", tags: ["azerbaijan", "border"], publishedAt: day(6) },
  { id: "web-az-5", title: "Azerbaijan parliament ratifies the border protocol", body: "Deputies in Baku ratified the border protocol with Armenia after a short debate.", tags: ["azerbaijan", "armenia", "parliament"], publishedAt: day(8) },
  { id: "web-ceasefire-1", title: `Ceasefire monitors reach the <border> villages & farms`, body: "Monitors from the observer mission reached the border villages on Monday and began patrols along the ceasefire line.", tags: ["security"], publishedAt: day(2) },
  { id: "web-ceasefire-2", title: "Ceasefire holds for a second week as monitors extend patrols", body: "The observer mission extended its patrols along the ceasefire line; monitors reported no violations in the border villages.", tags: ["security"], publishedAt: day(9) },
  { id: "web-budget-1", title: "Parliament opens the budget debate", body: "Deputies opened the debate on next year's budget, with pensions and roads at the centre.", tags: ["budget"], publishedAt: "2026-02-05T09:00:00Z", language: "ru" },
].map((s) => ({ language: "en", url: `https://newsline.example/politics/${s.id}`, ...s }));

/** The page a news site would write: the script and three elements, from the API's origin. */
function partnerPage(api: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Partner Gazette</title>
<style>body{margin:0;font:16px/1.5 Georgia,serif;color:#222}main{max-width:960px;margin:0 auto;padding:0 16px}
newsline-search{--newsline-mark:#ffd54f;--newsline-font:16px system-ui,sans-serif;margin:16px 0}</style>
<script src="${api}/widgets/v1/newsline.js" defer></script></head>
<body><main><h1>Partner Gazette</h1>
<newsline-search api="${api}"></newsline-search>
<article><h2>Border commissions agreed</h2><p>Our own report on the agreement.</p>
<newsline-related api="${api}" article="web-az-1" limit="5"></newsline-related></article>
<newsline-trending api="${api}" window="24h" limit="5"></newsline-trending>
</main></body></html>`;
}

async function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string): Promise<[ServerType, string]> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, port: 0, hostname }, () => resolve(s));
  });
  return [server, `http://${hostname === "127.0.0.1" ? "127.0.0.1" : "localhost"}:${(server.address() as AddressInfo).port}`];
}

/** axe-core run in the page; serious and critical violations, by rule, with the offending nodes. */
async function seriousViolations(page: Page) {
  await page.evaluate(AXE_SOURCE); // through the devtools protocol, so the page's CSP does not apply
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Where focus is, looking into open shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), role: el.getAttribute("role"), inHits: !!el.closest("ol.hits"), text: (el.textContent ?? "").slice(0, 80) } : null;
  });

describe.skipIf(!existsSync(CHROMIUM))(`widgets and demo pages in chromium (${CHROMIUM})`, () => {
  let rt: TestRuntime;
  let apiServer: ServerType;
  let partnerServer: ServerType;
  let browser: Browser;
  let context: BrowserContext;
  let api: string;
  let partner: string;

  beforeAll(async () => {
    rt = await startTestRuntime();
    const res = await rt.call("POST", "/v1/articles/batch", { body: { articles: STORIES } });
    expect(res.status).toBe(200);
    // Reads from distinct visitors, so four stories trend.
    const reads = ["web-az-2", "web-az-3", "web-az-4", "web-az-5", "web-az-2", "web-az-3", "web-ceasefire-2"].map((articleId) => ({
      eventId: randomUUID(),
      visitorId: `reader-${randomUUID().replace(/-/g, "")}`,
      articleId,
      type: "read",
      at: new Date(Date.now() - 600_000).toISOString(),
    }));
    expect((await rt.call("POST", "/v1/events", { body: { events: reads }, key: null })).status).toBe(202);
    await rt.indexed();
    [apiServer, api] = await listen(rt.app.fetch, "127.0.0.1");
    const site = new Hono()
      .get("/", (c) => c.html(partnerPage(api)))
      .get("/favicon.ico", (c) => c.body(null, 204))
      .get("/paged", (c) => c.html(partnerPage(api).replace(`<newsline-search api="${api}">`, `<newsline-search api="${api}" limit="2" sync-url>`)));
    [partnerServer, partner] = await listen(site.fetch, "localhost");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    partnerServer?.close();
    apiServer?.close();
    await rt?.stop();
  });

  /** A fresh page that records script errors, failed requests and event posts. */
  async function open(url: string, width = 1024, before?: (page: Page) => void) {
    context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const events: string[] = [];
    const requests: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
    page.on("requestfailed", (r) => errors.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on("request", (r) => {
      requests.push(r.url());
      if (r.url().includes("/v1/events")) events.push(r.postData() ?? "");
    });
    before?.(page);
    await page.goto(url);
    return { page, errors, events, requests };
  }

  describe("a partner page on another origin", () => {
    it("embeds related and trending lists with links, and sends no events without track", async () => {
      expect(new URL(partner).origin).not.toBe(new URL(api).origin);
      const { page, errors, events, requests } = await open(partner);
      await expect.poll(() => page.locator("newsline-related a[href]").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      await expect.poll(() => page.locator("newsline-trending a[href]").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      const related = await page.locator("newsline-related section").innerText();
      expect(related).not.toContain("Azerbaijan and Armenia agree on border commissions"); // never the article itself
      expect(await page.locator("newsline-related a[href]").first().getAttribute("href")).toMatch(/^https:\/\/newsline\.example\/politics\/web-/);
      expect(await page.locator("newsline-trending section").innerText()).toMatch(/\d+ reads?/);
      await page.waitForTimeout(200);
      expect(events).toEqual([]);
      // One request per widget: an upgrade's attribute callbacks and connectedCallback fold into one load.
      const apiCalls = requests.filter((u) => u.startsWith(api) && !u.includes("/widgets/")).map((u) => new URL(u).pathname);
      expect(apiCalls.sort()).toEqual(["/v1/articles/web-az-1/related", "/v1/trending"]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it("suggests as an ARIA combobox and shows marked results on Enter, by keyboard alone", async () => {
      const { page, errors } = await open(partner);
      const input = page.locator("newsline-search input[role=combobox]");
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "input", role: "combobox" });
      await page.keyboard.type("azerb", { delay: 40 });
      await expect.poll(() => page.locator('newsline-search [role="option"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await input.getAttribute("aria-expanded")).toBe("true");
      const listId = await input.getAttribute("aria-controls");
      expect(await page.locator(`newsline-search [role="listbox"]#${listId}`).count()).toBe(1);
      expect(await page.locator('newsline-search [role="option"] mark').count()).toBeGreaterThan(0);

      await page.keyboard.press("ArrowDown");
      const active = await input.getAttribute("aria-activedescendant");
      expect(active).toBeTruthy();
      expect(await page.locator(`newsline-search #${active}`).getAttribute("aria-selected")).toBe("true");
      await page.keyboard.press("Escape"); // closes the suggestions only
      expect(await input.getAttribute("aria-expanded")).toBe("false");
      expect(await input.getAttribute("aria-activedescendant")).toBeNull();
      expect(await input.inputValue()).toBe("azerb");

      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("newsline-search ol.hits mark").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await page.locator("newsline-search ol.hits").innerText()).toContain("Azerbaijan");
      // On from the box by Tab alone: the sort control, then the first result.
      for (let i = 0; i < 4 && !(await focused(page))?.inHits; i++) await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "a", inHits: true });
      expect(errors).toEqual([]);
      await context.close();
    });

    it("labels the pager by the order: Previous/Next by relevance, Newer/Older by date", async () => {
      const { page, errors } = await open(`${partner}/paged?q=border`);
      await expect.poll(() => page.locator("newsline-search .pager").innerText(), { timeout: 15_000 }).toContain("Next →");
      expect(await page.locator("newsline-search .pager").innerText()).not.toMatch(/Newer|Older/);
      await page.locator("newsline-search .pager button").click();
      await expect.poll(() => page.locator("newsline-search .pager").innerText(), { timeout: 15_000 }).toContain("← Previous");
      await page.locator("newsline-search select").selectOption("newest");
      await expect.poll(() => page.locator("newsline-search .pager").innerText(), { timeout: 15_000 }).toContain("Older →");
      expect(await focused(page)).toMatchObject({ tag: "select" }); // focus stays on the control after the re-render
      // Leaving the page cancels what is still loading; wait for the other widgets so nothing is cut off.
      await expect.poll(() => page.locator("newsline-trending section").count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => page.locator("newsline-related section").count(), { timeout: 15_000 }).toBe(1);
      await page.goto(`${partner}/paged?q=border&sort=newest&page=2`);
      await expect.poll(() => page.locator("newsline-search .pager").innerText(), { timeout: 15_000 }).toContain("← Newer");
      expect(errors).toEqual([]);
      await context.close();
    });

    it("fits a 375 px phone and has no serious accessibility violations", async () => {
      const { page, errors } = await open(partner, 375);
      await page.locator("newsline-search input[role=combobox]").pressSequentially("azerbaijan border", { delay: 20 });
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("newsline-search ol.hits li").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator("newsline-trending a[href]").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator("newsline-search input[role=combobox]").pressSequentially(" ", { delay: 20 }); // suggestions open too
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe("the demo pages", () => {
    it("search: marked, escaped results; Escape keeps the query; disjunctive facets; months as a list; a trending box", async () => {
      const { page, errors, requests } = await open(`${api}/`);
      await expect.poll(() => page.locator("newsline-trending a[href]").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3); // the home page's trending box
      await page.locator("newsline-search input[role=combobox]").pressSequentially("ceasef", { delay: 30 });
      await expect.poll(() => page.locator("newsline-search [role=option] mark").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator("newsline-search ol.hits").innerText(), { timeout: 15_000 }).toContain("Ceasefire holds for a second week");
      const results = await page.locator("newsline-search ol.hits").innerText();
      expect(results).toContain("Ceasefire monitors reach the <border> villages & farms"); // markup in a title stays text
      expect(await page.locator("newsline-search ol.hits border").count()).toBe(0);
      expect(await page.locator("newsline-search ol.hits a").first().getAttribute("href")).toMatch(/^\/articles\/web-ceasefire-/);
      await page.keyboard.press("Escape");
      expect(await page.locator("newsline-search input[role=combobox]").inputValue()).toBe("ceasef");

      // Everything, then one language ticked: the other language keeps its count (values of a facet are OR-ed).
      await page.locator("newsline-search input[role=combobox]").fill("");
      await page.locator("newsline-search input[role=combobox]").press("Enter");
      await expect.poll(() => page.locator('newsline-search input[data-facet="language"][value="ru"]').count(), { timeout: 15_000 }).toBe(1);
      // The URL changes when the search is sent; wait for its answer, or the navigation below cancels it.
      const filtered = page.waitForEvent("requestfinished", { predicate: (r) => r.url().includes("/v1/search?") && r.url().includes("language=en"), timeout: 15_000 });
      await page.locator('newsline-search input[data-facet="language"][value="en"]').check();
      await filtered;
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain("language=en");
      await expect.poll(() => page.locator("newsline-search ol.hits").innerText(), { timeout: 15_000 }).not.toContain("Parliament opens the budget debate");
      const ru = page.locator('newsline-search label:has(input[data-facet="language"][value="ru"]) small');
      expect(await ru.innerText()).toBe("1");
      // Enter searched at once: the search the emptied box had scheduled (150 ms) is not sent as well.
      await page.waitForTimeout(300);
      expect(requests.filter((u) => u.includes("/v1/search?") && u.includes("language=en"))).toHaveLength(1);

      // Two months that are not next to each other: both kept, the one between is not added.
      await page.goto(`${api}/?month=2026-02`);
      await expect.poll(() => page.locator('newsline-search input[data-facet="month"][value="2026-03"]').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.locator("newsline-search fieldset:has(legend:text('Month'))").innerText()).toContain("Mar 2026");
      await page.locator('newsline-search input[data-facet="month"][value="2026-03"]').check();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain("month=2026-02%2C2026-03");
      await expect.poll(() => page.locator("newsline-search ol.hits li").count(), { timeout: 15_000 }).toBe(STORIES.length);

      expect(errors).toEqual([]);
      await context.close();
    });

    it("on a phone, facets wait behind a button and nothing overflows", async () => {
      const { page, errors } = await open(`${api}/?q=border`, 375);
      await expect.poll(() => page.locator("newsline-search ol.hits li").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      const toggle = page.locator("newsline-search button.toggle");
      expect(await toggle.isVisible()).toBe(true);
      expect(await page.locator("newsline-search .facets").isVisible()).toBe(false);
      const first = await page.locator("newsline-search ol.hits li").first().boundingBox();
      expect(first!.y).toBeLessThan(400); // results come before the filters
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      expect(await page.locator("newsline-search .facets").isVisible()).toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it("article: related stories with reasons, a view event with track, and a hostile review kept as text", async () => {
      const { page, errors, events } = await open(`${api}/articles/web-ceasefire-1`);
      const related = page.locator("newsline-related section");
      await expect.poll(() => related.innerText(), { timeout: 15_000 }).toContain("Ceasefire holds for a second week");
      expect(await related.innerText()).toMatch(/same story: security|also about:|same/);
      expect(await related.innerText()).not.toContain("Ceasefire monitors reach the"); // never the article itself
      await expect.poll(() => events.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(JSON.parse(events[0]).events[0]).toMatchObject({ articleId: "web-ceasefire-1", type: "view" });

      await page.getByLabel("Your name").fill(HOSTILE);
      await page.getByLabel("Your review").fill(`Clear reporting. ${HOSTILE}`);
      await page.getByLabel("Rating").selectOption("4");
      await page.locator("form.review-form button[type=submit]").click();
      await expect.poll(() => page.locator("#review-note").innerText(), { timeout: 15_000 }).toMatch(/^Thanks/);
      await expect.poll(() => page.locator("#reviews-list").innerText(), { timeout: 15_000 }).toContain(HOSTILE);
      expect(await page.locator("#reviews-list img").count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  it("/docs renders from this origin alone", { timeout: 90_000 }, async () => {
    const elsewhere: string[] = [];
    const { page, errors } = await open(`${api}/docs`, 1024, (p) =>
      p.on("request", (r) => !/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== api && elsewhere.push(r.url())),
    );
    await expect.poll(() => page.locator("body").innerText(), { timeout: 30_000 }).toContain("Liveness of the API and its dependencies");
    expect(elsewhere).toEqual([]);
    expect(errors.filter((e) => !e.includes("favicon"))).toEqual([]);
    await context.close();
  });
});

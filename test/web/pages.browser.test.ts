/**
 * The demo pages in a real browser (Debian's chromium through playwright-core) against the whole
 * local service: search-as-you-type, suggestions, highlights, the related widget and the review
 * form. Skipped, with the reason, where no chromium is installed.
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "../support/runtime.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;

const STORIES = [
  {
    id: "web-ceasefire-1",
    title: `Ceasefire monitors reach the <border> villages & farms`,
    body: "Monitors from the observer mission reached the border villages on Monday and began patrols along the ceasefire line.",
    publishedAt: "2026-03-02T09:00:00Z",
  },
  {
    id: "web-ceasefire-2",
    title: "Ceasefire holds for a second week as monitors extend patrols",
    body: "The observer mission extended its patrols along the ceasefire line; monitors reported no violations in the border villages.",
    publishedAt: "2026-03-09T09:00:00Z",
  },
  {
    id: "web-budget-1",
    title: "Parliament opens the budget debate",
    body: "Deputies opened the debate on next year's budget, with pensions and roads at the centre.",
    publishedAt: "2026-03-05T09:00:00Z",
  },
];

describe.skipIf(!existsSync(CHROMIUM))(`demo pages in chromium (${CHROMIUM})`, () => {
  let rt: TestRuntime;
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    rt = await startTestRuntime();
    const res = await rt.call("POST", "/v1/articles/batch", { body: { articles: STORIES.map((s) => ({ ...s, tags: ["security"], language: "en" })) } });
    expect(res.status).toBe(200);
    await rt.indexed();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: rt.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await rt?.stop();
  });

  it("suggests and searches as the reader types, with matches marked and titles escaped", async () => {
    await page.goto(`${base}/`);
    await page.locator("#q").pressSequentially("ceasef", { delay: 30 });
    await expect.poll(() => page.locator("#suggest mark").count()).toBeGreaterThan(0);
    // Earlier keystrokes may have searched a shorter prefix ("ce" also finds "centre"): wait for the last.
    await expect.poll(() => page.locator("#results").innerText()).not.toContain("Parliament opens the budget debate");
    expect(await page.locator("#results mark").count()).toBeGreaterThan(0);
    const results = await page.locator("#results").innerText();
    expect(results).toContain("Ceasefire monitors reach the <border> villages & farms"); // markup in a title stays text
    expect(results).toContain("Ceasefire holds for a second week");
    expect(await page.locator("#results border").count()).toBe(0);
  });

  it("shows related stories with reasons and keeps a hostile review as text", async () => {
    await page.goto(`${base}/articles/web-ceasefire-1`);
    const related = page.locator("#related ol");
    await expect.poll(() => related.innerText()).toContain("Ceasefire holds for a second week");
    expect(await related.innerText()).toMatch(/same story: security|also about:/);
    expect(await related.innerText()).not.toContain("Ceasefire monitors reach the"); // never the article itself

    await page.locator("form.review-form input[name=displayName]").fill(HOSTILE);
    await page.locator("form.review-form textarea[name=text]").fill(`Clear reporting. ${HOSTILE}`);
    await page.locator("form.review-form select[name=rating]").selectOption("4");
    await page.locator("form.review-form button[type=submit]").click();
    await expect.poll(() => page.locator("#review-note").innerText()).toMatch(/^Thanks/);
    await expect.poll(() => page.locator("#reviews-list").innerText()).toContain(HOSTILE);
    expect(await page.locator("#reviews-list img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

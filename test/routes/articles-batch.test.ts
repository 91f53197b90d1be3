import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, uniqueId, type TestRuntime } from "../support/runtime.js";
import { transactionChunks } from "../../functions/store/articles.js";

// The batch endpoint as the local runtime writes it (new articles in transactions) and as the cloud
// does (one conditional PutItem each), each on its own table of the same DynamoDB Local.
let tx: TestRuntime;
let item: TestRuntime;
beforeAll(async () => {
  [tx, item] = await Promise.all([startTestRuntime(), startTestRuntime({ articleWrites: "item" })]);
});
afterAll(async () => Promise.all([tx?.stop(), item?.stop()]));

const article = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  title: `Parliament debates the budget (${id})`,
  body: `Deputies argued about the state budget for next year; the vote on ${id} ran past midnight.`,
  publishedAt: "2026-03-01T10:00:00Z",
  tags: ["budget"],
  language: "en",
  ...over,
});

type Result = { id: string; status: string; version?: number; error?: string };

async function batch(rt: TestRuntime, articles: unknown[]): Promise<Result[]> {
  const res = await rt.call("POST", "/v1/articles/batch", { body: { articles } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}

/** Counts the store calls of the API's client by command while `work` runs. */
async function counting<T>(rt: TestRuntime, work: () => Promise<T>): Promise<{ out: T; calls: Record<string, number> }> {
  const doc = rt.services.db.doc as unknown as { send: (command: object, options?: unknown) => Promise<unknown> };
  const send = doc.send;
  const calls: Record<string, number> = {};
  doc.send = (command, options) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return send.call(doc, command, options);
  };
  try {
    return { out: await work(), calls };
  } finally {
    doc.send = send;
  }
}

const stored = async (rt: TestRuntime, ids: string[]) =>
  (await rt.services.articles.getMany(ids)).sort((a, b) => a.id.localeCompare(b.id));

describe("POST /v1/articles/batch in transactions (local runtime)", () => {
  it("creates a batch of new articles in transactions of at most 50, each at version 1, counted once", async () => {
    const ids = Array.from({ length: 120 }, () => uniqueId("tx"));
    const before = await tx.services.articles.storedCount();
    const { out: results, calls } = await counting(tx, () => batch(tx, ids.map((id) => article(id, { publishedAt: "2025-07-04T08:00:00Z" }))));
    expect(results).toEqual(ids.map((id) => ({ id, version: 1, status: "created" })));
    expect(calls.TransactWriteCommand).toBe(3);
    expect(calls.PutCommand ?? 0).toBe(0);
    expect(calls.UpdateCommand).toBe(1); // the stored count, once for the batch
    const articles = await stored(tx, ids);
    expect(articles.map((a) => a.id)).toEqual([...ids].sort());
    expect(new Set(articles.map((a) => a.version))).toEqual(new Set([1]));
    expect(articles.find((a) => a.id === ids[7])).toMatchObject({ title: `Parliament debates the budget (${ids[7]})`, tags: ["budget"] });
    expect(await tx.services.articles.storedCount()).toBe(before + 120);
    expect(await tx.services.articles.months()).toContain("2025-07");
    // Reachable month by month, as reindex reads them (the byTime keys were written).
    let inMonth = 0;
    for await (const page of tx.services.articles.all()) inMonth += page.filter((a) => ids.includes(a.id)).length;
    expect(inMonth).toBe(120);
  });

  it("answers a mixed batch exactly as one conditional put per article does, and stores the same", async () => {
    const [updated, unchanged, stale, dup, dupOld, fresh1, fresh2, empty, bad] = Array.from({ length: 9 }, () => uniqueId("mix"));
    const seed = [
      article(updated),
      article(unchanged),
      article(stale, { updatedAt: "2026-03-05T00:00:00Z" }),
      article(dupOld),
    ];
    const mixed = [
      article(fresh1),
      article(updated, { title: "The budget passes", updatedAt: "2026-03-02T00:00:00Z" }),
      article(dup),
      article(unchanged),
      { ...article(bad), title: "" },
      article(stale, { title: "An older title", updatedAt: "2026-03-04T00:00:00Z" }),
      article(dup, { title: "The budget passes at last", updatedAt: "2026-03-03T00:00:00Z" }),
      { ...article("x"), id: "-not an id" },
      article(empty, { body: "<p> </p>" }),
      article(dupOld, { body: "A corrected body of the story.", updatedAt: "2026-03-06T00:00:00Z" }),
      article(dupOld, { body: "A corrected body of the story.", updatedAt: "2026-03-06T00:00:00Z" }),
      article(fresh2),
    ];
    const ids = [updated, unchanged, stale, dup, dupOld, fresh1, fresh2, empty, bad];
    const answers: Result[][] = [];
    const tables: unknown[] = [];
    const counted: number[] = [];
    for (const rt of [tx, item]) {
      expect((await batch(rt, seed)).map((r) => r.status)).toEqual(["created", "created", "created", "created"]);
      const before = await rt.services.articles.storedCount();
      answers.push(await batch(rt, mixed));
      counted.push((await rt.services.articles.storedCount()) - before);
      tables.push(await stored(rt, ids));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(tables[0]).toEqual(tables[1]);
    expect(counted).toEqual([3, 3]);
    expect(answers[0].map((r) => [r.status, r.version])).toEqual([
      ["created", 1],
      ["updated", 2],
      ["created", 1],
      ["unchanged", 1],
      ["error", undefined],
      ["stale", 1],
      ["updated", 2],
      ["error", undefined],
      ["error", undefined],
      ["updated", 2],
      ["unchanged", 2],
      ["created", 1],
    ]);
    expect(answers[0][4].error).toMatch(/title/);
    expect(answers[0][7].error).toMatch(/^id:/);
    expect(answers[0][8].error).toMatch(/body is empty/);
    const byId = new Map((tables[0] as { id: string; title: string; version: number }[]).map((a) => [a.id, a]));
    expect(byId.get(dup)).toMatchObject({ title: "The budget passes at last", version: 2 });
    expect(byId.get(stale)).toMatchObject({ title: `Parliament debates the budget (${stale})`, version: 1 });
    expect(byId.has(empty) || byId.has(bad)).toBe(false);
  });

  it("answers a retried identical batch as unchanged and writes nothing new", async () => {
    const ids = Array.from({ length: 60 }, () => uniqueId("again"));
    const articles = ids.map((id) => article(id));
    expect(new Set((await batch(tx, articles)).map((r) => r.status))).toEqual(new Set(["created"]));
    const before = await tx.services.articles.storedCount();
    const { out: retry, calls } = await counting(tx, () => batch(tx, articles));
    expect(retry).toEqual(ids.map((id) => ({ id, version: 1, status: "unchanged" })));
    expect(calls.UpdateCommand ?? 0).toBe(0); // the count did not move
    expect(await tx.services.articles.storedCount()).toBe(before);
    expect(new Set((await stored(tx, ids)).map((a) => a.version))).toEqual(new Set([1]));
  });

  it("splits a batch of long articles so no transaction passes DynamoDB's 4 MB", async () => {
    const ids = Array.from({ length: 16 }, () => uniqueId("long"));
    // About 280 kB of clean text each: 4.5 MB in all.
    const body = Array.from({ length: 3800 }, (_, i) => `Paragraph ${i} of the committee's report on the budget, line by line.`).join("\n\n");
    expect(transactionChunks(ids.map((id) => ({ ...prepared(id), body }))).map((c) => c.length)).toEqual([12, 4]);
    const { out: results, calls } = await counting(tx, () => batch(tx, ids.map((id) => article(id, { body }))));
    expect(results).toEqual(ids.map((id) => ({ id, version: 1, status: "created" })));
    expect(calls.TransactWriteCommand).toBe(2);
    expect(calls.PutCommand ?? 0).toBe(0);
    expect((await stored(tx, ids)).map((a) => a.body.length)).toEqual(ids.map(() => body.length));
  });
});

describe("transactionChunks", () => {
  it("holds at most 50 articles, in the order given", () => {
    const chunks = transactionChunks(Array.from({ length: 120 }, (_, i) => prepared(`a${i}`)));
    expect(chunks.map((c) => c.length)).toEqual([50, 50, 20]);
    expect(chunks.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });
});

function prepared(id: string) {
  return {
    id,
    title: "t",
    body: "b",
    url: null,
    summary: "s",
    section: "news",
    tags: [],
    authors: [],
    language: "en",
    publishedAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    imageUrl: null,
    entities: { people: [], places: [], orgs: [] },
  };
}

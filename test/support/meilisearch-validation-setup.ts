/** Runs in every test file: no test may send Meilisearch a request the server would reject. */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, expect, inject } from "vitest";
import { takeRejected, validatedCount } from "./meilisearch-validation.js";

afterEach(() => {
  expect(takeRejected(), "requests the Meilisearch server would reject").toEqual([]);
});

afterAll(() => {
  const dir = inject("meiliValidationDir");
  const count = validatedCount();
  if (dir && count > 0) writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify({ count }));
});

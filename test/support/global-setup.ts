import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalDynamo, type LocalDynamo } from "../../scripts/local/dynamodb.js";
import { SPEC_VERSION } from "./meilisearch-spec.js";

let dynamo: LocalDynamo | undefined;
let validationDir: string | undefined;

/** One DynamoDB Local (in memory) for the whole run; each test file uses its own table. */
export async function setup(project: TestProject) {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? (dynamo = await startLocalDynamo()).endpoint;
  project.provide("dynamoEndpoint", endpoint);
  validationDir = mkdtempSync(join(tmpdir(), "newsline-meili-validated-"));
  project.provide("meiliValidationDir", validationDir);
}

export async function teardown() {
  await dynamo?.stop();
  if (!validationDir) return;
  const files = readdirSync(validationDir);
  const total = files.reduce((sum, f) => sum + (JSON.parse(readFileSync(join(validationDir!, f), "utf8")) as { count: number }).count, 0);
  console.log(`Meilisearch adapter requests validated against the published OpenAPI ${SPEC_VERSION} document: ${total} (${files.length} test files)`);
  rmSync(validationDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    meiliValidationDir: string;
  }
}

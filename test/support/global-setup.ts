import type { TestProject } from "vitest/node";
import { startLocalDynamo, type LocalDynamo } from "../../scripts/local/dynamodb.js";

let dynamo: LocalDynamo | undefined;

/** One DynamoDB Local (in memory) for the whole run; each test file uses its own table. */
export async function setup(project: TestProject) {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? (dynamo = await startLocalDynamo()).endpoint;
  project.provide("dynamoEndpoint", endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

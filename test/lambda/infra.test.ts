import { describe, expect, it } from "vitest";
import { dynamoTableArgs } from "../../infra/table-args.js";
import { INDEXES, TABLE_KEYS, createTableInput } from "../../functions/store/table.js";
import { FORBIDDEN_IN_BUNDLE, LAMBDA_ENTRIES } from "../../infra/bundle.js";
import { existsSync } from "node:fs";

describe("the deployed table matches the local one", () => {
  const args = dynamoTableArgs();
  const local = createTableInput("t");

  it("declares every key attribute with its type", () => {
    expect(Object.keys(args.fields).sort()).toEqual(local.AttributeDefinitions.map((a) => a.AttributeName).sort());
    expect(args.fields.gsi3sk).toBe("number");
    expect(args.fields.pk).toBe("string");
  });

  it("has the same primary key, indexes, stream and TTL", () => {
    expect(args.primaryIndex).toEqual({ hashKey: TABLE_KEYS.partition, rangeKey: TABLE_KEYS.sort });
    for (const ix of Object.values(INDEXES)) {
      expect(args.globalIndexes[ix.name]).toEqual({ hashKey: ix.partition, rangeKey: ix.sort, projection: "all" });
    }
    expect(Object.keys(args.globalIndexes)).toHaveLength(local.GlobalSecondaryIndexes.length);
    expect(args.stream).toBe("new-and-old-images");
    expect(args.ttl).toBe("expiresAt");
  });
});

describe("Lambda entries", () => {
  it("each listed entry exists and the embedded engine is on the forbidden list", () => {
    for (const e of LAMBDA_ENTRIES) expect(existsSync(new URL(`../../functions/lambda/${e}.ts`, import.meta.url))).toBe(true);
    expect(FORBIDDEN_IN_BUNDLE).toContain("better-sqlite3");
  });
});

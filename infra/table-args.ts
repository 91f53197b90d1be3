/**
 * The deployed table, derived from the same description the local runner and the tests create
 * their tables from (functions/store/table.ts), so the cloud and local schemas cannot drift.
 * Plain data, no SST globals: unit-tested under vitest.
 */
import { TABLE_KEYS, createTableInput } from "../functions/store/table.js";

type FieldType = "string" | "number" | "binary";
const FIELD_TYPES: Record<"S" | "N" | "B", FieldType> = { S: "string", N: "number", B: "binary" };
const STREAM_VIEWS = {
  KEYS_ONLY: "keys-only",
  NEW_IMAGE: "new-image",
  OLD_IMAGE: "old-image",
  NEW_AND_OLD_IMAGES: "new-and-old-images",
} as const;

export interface DynamoTableArgs {
  fields: Record<string, FieldType>;
  primaryIndex: { hashKey: string; rangeKey: string };
  globalIndexes: Record<string, { hashKey: string; rangeKey: string; projection: "all" }>;
  ttl: string;
  stream: (typeof STREAM_VIEWS)[keyof typeof STREAM_VIEWS];
}

/** sst.aws.Dynamo arguments equivalent to createTableInput(), plus the TTL attribute. */
export function dynamoTableArgs(): DynamoTableArgs {
  const input = createTableInput("newsline");
  const keyOf = (schema: readonly { AttributeName: string; KeyType: "HASH" | "RANGE" }[], type: "HASH" | "RANGE") => {
    const key = schema.find((k) => k.KeyType === type);
    if (!key) throw new Error(`table description lacks a ${type} key`);
    return key.AttributeName;
  };
  return {
    fields: Object.fromEntries(input.AttributeDefinitions.map((a) => [a.AttributeName, FIELD_TYPES[a.AttributeType]])),
    primaryIndex: { hashKey: keyOf(input.KeySchema, "HASH"), rangeKey: keyOf(input.KeySchema, "RANGE") },
    globalIndexes: Object.fromEntries(
      input.GlobalSecondaryIndexes.map((ix) => {
        if (ix.Projection.ProjectionType !== "ALL") throw new Error(`index ${ix.IndexName}: only ALL projections are mapped`);
        return [ix.IndexName, { hashKey: keyOf(ix.KeySchema, "HASH"), rangeKey: keyOf(ix.KeySchema, "RANGE"), projection: "all" as const }];
      }),
    ),
    ttl: TABLE_KEYS.ttl,
    stream: STREAM_VIEWS[input.StreamSpecification.StreamViewType],
  };
}

/**
 * The single DynamoDB table, described once: infra/storage.ts deploys it and the local runner
 * creates it from the same description. Access patterns are listed in docs/data-model.md.
 */
export const TABLE_KEYS = {
  partition: "pk",
  sort: "sk",
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after. */
  ttl: "expiresAt",
} as const;

export const INDEXES = {
  /** Items of one partition ordered by time: articles per publication month, reviews per article, pending reviews. */
  byTime: { name: "byTime", partition: "gsi1pk", sort: "gsi1sk" },
  /** Items owned by one visitor, for erasure: their reviews. */
  byVisitor: { name: "byVisitor", partition: "gsi2pk", sort: "gsi2sk" },
  /** Counters ranked within a partition: trending reads per time bucket. */
  byCount: { name: "byCount", partition: "gsi3pk", sort: "gsi3sk" },
} as const;

/** CreateTable input for local runs and tests; on-demand billing, stream with both images for the indexer. */
export function createTableInput(tableName: string) {
  const stringAttr = (name: string) => ({ AttributeName: name, AttributeType: "S" as const });
  const gsi = (ix: { name: string; partition: string; sort: string }) => ({
    IndexName: ix.name,
    KeySchema: [
      { AttributeName: ix.partition, KeyType: "HASH" as const },
      { AttributeName: ix.sort, KeyType: "RANGE" as const },
    ],
    Projection: { ProjectionType: "ALL" as const },
  });
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [
      stringAttr("pk"), stringAttr("sk"),
      stringAttr("gsi1pk"), stringAttr("gsi1sk"),
      stringAttr("gsi2pk"), stringAttr("gsi2sk"),
      stringAttr("gsi3pk"), { AttributeName: "gsi3sk", AttributeType: "N" as const },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" as const },
      { AttributeName: "sk", KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: [gsi(INDEXES.byTime), gsi(INDEXES.byVisitor), gsi(INDEXES.byCount)],
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" as const },
  };
}

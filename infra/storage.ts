/** The single DynamoDB table: the store of record, with the stream the indexer reads. */
import { dynamoTableArgs } from "./table-args";

export const isProduction = ["prod", "production"].includes($app.stage);

export const table = new sst.aws.Dynamo("Table", {
  ...dynamoTableArgs(),
  // Articles, reviews and reading history must not be lost: no accidental delete, and restores to any second of the last 35 days.
  deletionProtection: isProduction,
  transform: {
    table: (args) => {
      args.pointInTimeRecovery = { enabled: isProduction };
    },
  },
});

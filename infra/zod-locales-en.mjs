// zod's locale index for the Lambda bundles: English only (see esbuild-plugins.mjs).
export { default as en } from "zod/v4/locales/en.js";

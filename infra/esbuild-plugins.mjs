/**
 * esbuild plugins for the Lambda bundles, used by SST when it builds the deployed functions
 * (`nodejs.plugins` in sst.config.ts) and by scripts/build-lambda.ts, so both bundle alike.
 * Plain JavaScript: SST loads this file itself.
 */
import { fileURLToPath } from "node:url";

const ENGLISH_ONLY = fileURLToPath(new URL("./zod-locales-en.mjs", import.meta.url));

/**
 * zod exports its ~50 message locales as a namespace (`z.locales`). @hono/zod-openapi passes the
 * whole `z` namespace to a function, so esbuild cannot drop any of them: 258 KB of the API bundle
 * that no request uses (zod's messages stay English, its default). This resolves zod's own
 * locale index to one that holds English alone.
 */
export const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: ENGLISH_ONLY } : undefined,
    );
  },
};

/**
 * The AWS SDK's browser user-agent provider imports "bowser" (a browser sniffer) dynamically. The
 * Node build never calls it, yet esbuild still emits bowser as a 35 KB chunk nothing loads; left to
 * the runtime instead, it is simply absent from what is deployed.
 */
export const noBrowserSniffer = {
  name: "no-browser-sniffer",
  setup(build) {
    build.onResolve({ filter: /^bowser$/ }, () => ({ path: "bowser", external: true }));
  },
};

export default [zodEnglishOnly, noBrowserSniffer];

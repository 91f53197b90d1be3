/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = ["prod", "production"].includes(input?.stage);
    return {
      name: "newsline",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { LAMBDA_ARCHITECTURE, LAMBDA_ESBUILD, LAMBDA_ESBUILD_PLUGINS, LAMBDA_RUNTIME } = await import("./infra/bundle");
    // Defaults for every function, set before any is created.
    $transform(sst.aws.Function, (args) => {
      args.runtime ??= LAMBDA_RUNTIME;
      args.architecture ??= LAMBDA_ARCHITECTURE;
      args.nodejs ??= {
        format: "esm",
        minify: true,
        plugins: LAMBDA_ESBUILD_PLUGINS,
        esbuild: {
          target: LAMBDA_ESBUILD.target,
          external: [...LAMBDA_ESBUILD.external],
          mainFields: [...LAMBDA_ESBUILD.mainFields],
          keepNames: LAMBDA_ESBUILD.keepNames,
        },
      };
    });
    const storage = await import("./infra/storage");
    await import("./infra/search");
    const { api } = await import("./infra/api");
    const jobs = await import("./infra/jobs");
    return { api: api.url, table: storage.table.name, reindexFunction: jobs.reindex.name, indexerFailures: jobs.indexerFailures.url };
  },
});

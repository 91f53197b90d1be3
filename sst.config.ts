/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  async app(input) {
    const production = ["prod", "production"].includes(input?.stage);
    const { regionOf } = await import("./infra/limits");
    return {
      name: "newsline",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      // Pinned per stage (infra/limits.ts), never taken from the operator's shell or profile.
      providers: { aws: { region: regionOf(input?.stage ?? "") as aws.Region } },
    };
  },
  async run() {
    const { LAMBDA_ARCHITECTURE, LAMBDA_ESBUILD, LAMBDA_ESBUILD_PLUGINS, LAMBDA_RUNTIME } = await import("./infra/bundle");
    // Defaults for every function, set before any is created.
    $transform(sst.aws.Function, (args) => {
      args.runtime ??= LAMBDA_RUNTIME;
      args.architecture ??= LAMBDA_ARCHITECTURE;
      // JSON lines from Lambda itself too (start, end, report), so Logs Insights reads every line alike.
      args.logging ??= { format: "json", retention: "1 month" };
      args.nodejs ??= {
        format: "esm",
        minify: true,
        splitting: LAMBDA_ESBUILD.splitting,
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
    const { cdn } = await import("./infra/cdn");
    const monitoring = await import("./infra/monitoring");
    return {
      api: api.url,
      cdn: cdn.url,
      table: storage.table.name,
      reindexFunction: jobs.reindex.name,
      indexerFailures: jobs.indexerFailures.url,
      alarmTopic: monitoring.alarmTopic.arn,
      dashboard: monitoring.dashboard.dashboardName,
    };
  },
});

/**
 * `npm run typecheck`: the code (functions, scripts, tests: tsconfig.json), then the deployment
 * (sst.config.ts, infra/: tsconfig.infra.json) when the SST platform types are installed. They come
 * from `sst install` (docs/deploy.md), which CI does not run; TYPECHECK_INFRA=required makes their
 * absence an error instead of a skip.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const platformTypes = path.join(root, ".sst", "platform", "config.d.ts");

function check(project: string): boolean {
  const started = Date.now();
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, stdio: "inherit" });
  console.log(`${project}: ${run.status === 0 ? "ok" : "errors"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return run.status === 0;
}

let ok = check("tsconfig.json");
if (existsSync(platformTypes)) {
  ok = check("tsconfig.infra.json") && ok;
} else {
  const reason = "sst.config.ts and infra/ not checked: the SST platform types (.sst/platform) are not installed; see docs/deploy.md";
  if (process.env.TYPECHECK_INFRA === "required") {
    console.error(reason);
    ok = false;
  } else {
    console.log(reason);
  }
}
process.exit(ok ? 0 : 1);

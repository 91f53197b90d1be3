/**
 * `npm run reindex [-- --clear] [-- --resume JOB_ID]`: rebuilds the search index from the articles
 * in DynamoDB as a job of the running service (API_URL or http://localhost:$PORT; key from
 * ADMIN_API_KEY or DATA_DIR/admin-key), and follows it with a progress bar until it ends.
 * `--clear` drops every document first, removing orphans. `--resume` continues a failed job from
 * its last saved position. Against the cloud, set API_URL and ADMIN_API_KEY: the job runs in the
 * reindex function there.
 */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { apiCall, localApi } from "./lib/api-client.js";

interface Job {
  jobId: string;
  status: "queued" | "running" | "succeeded" | "failed";
  total: number | null;
  indexed: number;
  attempt: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const POLL_MS = 1000;

async function main() {
  const { values } = parseArgs({ options: { clear: { type: "boolean", default: false }, resume: { type: "string" } } });
  const { url } = localApi();
  const started: Job = values.resume
    ? await apiCall("POST", `/v1/admin/reindex/${encodeURIComponent(values.resume)}/resume`)
    : await apiCall("POST", "/v1/admin/reindex", { clear: values.clear });
  console.log(`${values.resume ? "Resuming" : "Started"} reindex job ${started.jobId} on ${url}${values.clear ? " (clearing the index first)" : ""}`);
  const job = await follow(started.jobId, started.attempt + (values.resume ? 1 : 0));
  if (job.status === "failed") {
    console.error(`Failed after ${job.indexed} articles: ${job.error}\nResume it with: npm run reindex -- --resume ${job.jobId}`);
    process.exit(1);
  }
  const secs = (Date.parse(job.finishedAt ?? job.updatedAt) - Date.parse(job.createdAt)) / 1000;
  console.log(`Indexed ${job.indexed} articles in ${secs.toFixed(1)} s (${secs > 0 ? Math.round(job.indexed / secs) : job.indexed}/s).`);
}

/** Polls the job until the run `attempt` (or a later one) ends: a bar on a terminal, a line every few seconds elsewhere. */
async function follow(jobId: string, attempt: number): Promise<Job> {
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({ format: " |{bar}| {value}/{total} articles  {status}  {duration_formatted}", hideCursor: true, barsize: 30 }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(1, 0, { status: "queued" });
  let lastLine = 0;
  try {
    for (;;) {
      const job: Job = await apiCall("GET", `/v1/admin/reindex/${encodeURIComponent(jobId)}`);
      const ended = (job.status === "succeeded" || job.status === "failed") && job.attempt >= attempt;
      if (bar) {
        if (job.total !== null) bar.setTotal(Math.max(job.total, job.indexed, 1));
        bar.update(job.indexed, { status: job.status });
      } else if (ended || Date.now() - lastLine > 5000) {
        console.log(`  ${job.status}: ${job.indexed}${job.total === null ? "" : `/${job.total}`} articles`);
        lastLine = Date.now();
      }
      if (ended) return job;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    bar?.stop();
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});

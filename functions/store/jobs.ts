import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException, GetCommand, PutCommand, UpdateCommand } from "./dynamo.js";
import type { Db } from "./client.js";
import type { ArticlePosition } from "./articles.js";
import { reindexJobKey } from "./keys.js";

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

/** Where a reindex stopped: the next page to read (the month, and the last key written in it). */
export type ReindexCheckpoint = ArticlePosition;

export interface ReindexJob {
  jobId: string;
  status: JobStatus;
  clear: boolean;
  /** Articles stored when the job counted them (progress denominator; writes made since shift it). */
  total?: number;
  /** Articles written to the search index so far, across attempts. */
  indexed: number;
  /** Runs of this job: 1 for the first, +1 for each resume. A run only writes while it holds the latest. */
  attempt: number;
  checkpoint?: ReindexCheckpoint;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  error?: string;
}

/** A run that lost its job to a newer attempt (a resume after it was taken for dead). */
export class JobTakenOverError extends Error {
  constructor(jobId: string) {
    super(`Reindex job ${jobId} was resumed by another run; this run stops.`);
  }
}

const JOB_TTL_DAYS = 30;
const FIELDS = ["jobId", "status", "clear", "total", "indexed", "attempt", "checkpoint", "createdAt", "updatedAt", "finishedAt", "error"] as const;

const toJob = (item: Record<string, unknown>) =>
  Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as ReindexJob;

/**
 * Reindex jobs in the table. Every write after the claim is conditional on the run's attempt
 * number, so a run that was taken for dead and resumed elsewhere cannot overwrite the newer run.
 */
export class ReindexJobStore {
  constructor(private readonly db: Db) {}

  async create(opts: { clear: boolean; now: Date }): Promise<ReindexJob> {
    const at = opts.now.toISOString();
    const job: ReindexJob = { jobId: randomUUID(), status: "queued", clear: opts.clear, indexed: 0, attempt: 0, createdAt: at, updatedAt: at };
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.table,
        Item: { ...reindexJobKey(job.jobId), ...job, expiresAt: Math.floor(opts.now.getTime() / 1000) + JOB_TTL_DAYS * 86400 },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return job;
  }

  async get(jobId: string): Promise<ReindexJob | undefined> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: reindexJobKey(jobId), ConsistentRead: true }));
    return out.Item && toJob(out.Item);
  }

  /**
   * Starts a run: the next attempt number, status running. Refused (undefined) when the job does
   * not exist or has succeeded. An older run still going stops at its next write.
   */
  async claim(jobId: string, now: Date): Promise<ReindexJob | undefined> {
    try {
      const out = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.table,
          Key: reindexJobKey(jobId),
          UpdateExpression: "SET #status = :running, updatedAt = :now, attempt = attempt + :one REMOVE #error",
          ConditionExpression: "attribute_exists(pk) AND #status <> :succeeded",
          ExpressionAttributeNames: { "#status": "status", "#error": "error" },
          ExpressionAttributeValues: {
            ":running": "running",
            ":succeeded": "succeeded",
            ":now": now.toISOString(),
            ":one": 1,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return toJob(out.Attributes!);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }

  /** Progress and resume point after a page; throws JobTakenOverError when a newer run holds the job. */
  async checkpoint(job: ReindexJob, update: { indexed: number; checkpoint?: ReindexCheckpoint; total?: number }, now: Date): Promise<void> {
    const sets = ["#indexed = :indexed", "updatedAt = :now"];
    const values: Record<string, unknown> = { ":indexed": update.indexed, ":now": now.toISOString(), ":attempt": job.attempt };
    if (update.checkpoint) {
      sets.push("#checkpoint = :checkpoint");
      values[":checkpoint"] = update.checkpoint;
    }
    if (update.total !== undefined) {
      sets.push("#total = :total");
      values[":total"] = update.total;
    }
    await this.conditional(job, `SET ${sets.join(", ")}`, values, { "#indexed": "indexed", "#checkpoint": "checkpoint", "#total": "total" });
  }

  async finish(job: ReindexJob, outcome: { status: "succeeded" } | { status: "failed"; error: string }, now: Date): Promise<void> {
    const values: Record<string, unknown> = { ":status": outcome.status, ":now": now.toISOString(), ":attempt": job.attempt };
    let expression = "SET #status = :status, updatedAt = :now";
    if (outcome.status === "succeeded") expression += ", finishedAt = :now";
    else {
      expression += ", #error = :error";
      values[":error"] = outcome.error.slice(0, 500);
    }
    await this.conditional(job, expression, values, { "#status": "status", ...(outcome.status === "failed" ? { "#error": "error" } : {}) });
  }

  private async conditional(job: ReindexJob, expression: string, values: Record<string, unknown>, names: Record<string, string>): Promise<void> {
    const used = Object.fromEntries(Object.entries(names).filter(([k]) => expression.includes(k)));
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.table,
          Key: reindexJobKey(job.jobId),
          UpdateExpression: expression,
          ConditionExpression: "attempt = :attempt",
          ...(Object.keys(used).length ? { ExpressionAttributeNames: used } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new JobTakenOverError(job.jobId);
      throw err;
    }
  }
}

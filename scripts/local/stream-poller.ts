import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type GetRecordsCommandOutput,
  type _Record,
} from "@aws-sdk/client-dynamodb-streams";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { IndexingState } from "../../functions/store/indexer-state.js";

export interface StreamPollerOptions {
  endpoint: string;
  table: string;
  /** Called with each batch in order; a throw retries the same batch after a back-off. */
  onRecords: (records: _Record[]) => Promise<void>;
  /**
   * The records onRecords wants, as the cloud's event source filter: the rest are passed over
   * (checkpointed, never handed on), and a batch of nothing else reads on only after `idleMs`.
   */
  wanted?: (record: _Record) => boolean;
  /** Where the last applied sequence number per shard is kept, so a restart resumes instead of replaying. */
  checkpointFile?: string;
  idleMs?: number;
  log?: (msg: string) => void;
}

/**
 * The local stand-in for Lambda's DynamoDB Streams event source: reads the table's stream from
 * DynamoDB Local and hands batches to the same code the indexer function runs in the cloud.
 */
export class StreamPoller {
  private readonly client: DynamoDBStreamsClient;
  private running = false;
  private loop?: Promise<void>;
  private checkpoints: Record<string, string> = {};
  private idleWaiters: Array<{ afterPass: number; resolve: () => void }> = [];
  private failures = 0;
  private pass = 0;
  /** The batch being applied: its size and its oldest change, for the indexing status. */
  private inFlight: { records: number; oldestAt: Date } | null = null;
  private lastAppliedAt: Date | null = null;

  constructor(private readonly opts: StreamPollerOptions) {
    this.client = new DynamoDBStreamsClient({
      endpoint: opts.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    if (opts.checkpointFile && existsSync(opts.checkpointFile)) {
      try {
        this.checkpoints = JSON.parse(readFileSync(opts.checkpointFile, "utf8"));
      } catch {
        // Written atomically now, but a file from an older run may be cut short: replaying the
        // stream from its start is safe (indexing is idempotent), refusing to start is not.
        opts.log?.(`indexer: unreadable checkpoint ${opts.checkpointFile}; reading the stream from its start`);
      }
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.client.destroy();
  }

  /**
   * Records read and not yet applied, and how old the oldest of them is. Changes still unread in
   * the stream are not known here, so `pending` is a lower bound while a batch is being applied.
   */
  state(now = new Date()): IndexingState {
    const lastIndexedAt = this.lastAppliedAt?.toISOString() ?? null;
    if (!this.inFlight) return { pending: 0, lagSeconds: 0, lastIndexedAt };
    return { pending: this.inFlight.records, lagSeconds: Math.max(0, Math.round((now.getTime() - this.inFlight.oldestAt.getTime()) / 1000)), lastIndexedAt };
  }

  /** Resolves once every change made before the call has been handed to onRecords. */
  async drained(timeoutMs = 30_000): Promise<void> {
    // Only a pass that starts after this call can prove the earlier writes were read.
    const afterPass = this.pass + 1;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push({ afterPass, resolve })),
      new Promise<void>((_, reject) => setTimeout(() => reject(new Error("stream not drained in time")), timeoutMs)),
    ]);
  }

  private async run(): Promise<void> {
    const iterators = new Map<string, string | undefined>();
    // The read of each shard's next batch, started while the current one is applied.
    const ahead = new Map<string, { iterator: string; read: Promise<GetRecordsCommandOutput> }>();
    const read = (iterator: string) => this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    let streamArn: string | undefined;
    while (this.running) {
      const pass = ++this.pass;
      try {
        streamArn ??= await this.findStream();
        if (!streamArn) {
          await this.sleep(500);
          continue;
        }
        const shards = await this.shards(streamArn);
        let sawRecords = false;
        let sawWanted = false;
        for (const shardId of shards) {
          if (!iterators.has(shardId)) iterators.set(shardId, await this.iterator(streamArn, shardId));
          const it = iterators.get(shardId);
          if (!it) continue;
          const started = ahead.get(shardId);
          ahead.delete(shardId);
          let out = started?.iterator === it ? await started.read : undefined;
          // A read ahead that found nothing may predate a write: only a fresh read shows the shard idle.
          if (!out?.Records?.length) out = await read(it);
          const records = out.Records ?? [];
          const wanted = this.opts.wanted ? records.filter(this.opts.wanted) : records;
          if (wanted.length) {
            sawWanted = true;
            // Reading the next batch overlaps applying this one. Should this one fail, the read
            // ahead is dropped and both are read again.
            if (out.NextShardIterator) {
              const next = read(out.NextShardIterator);
              next.catch(() => {}); // awaited (or dropped) later
              ahead.set(shardId, { iterator: out.NextShardIterator, read: next });
            }
            this.inFlight = { records: wanted.length, oldestAt: wanted[0].dynamodb?.ApproximateCreationDateTime ?? new Date() };
            await this.opts.onRecords(wanted); // throws on failure: the iterator is not advanced
            this.inFlight = null;
            this.lastAppliedAt = new Date();
          }
          if (records.length) {
            sawRecords = true;
            this.checkpoints[shardId] = records[records.length - 1].dynamodb!.SequenceNumber!;
            this.saveCheckpoints();
          }
          iterators.set(shardId, out.NextShardIterator);
        }
        this.failures = 0;
        if (!sawRecords) this.notifyIdle(pass);
        // Nothing to apply: wait before reading on. Other writes (search counts flushed by the
        // hundred) would otherwise keep the loop reading, and competing with requests, nonstop.
        if (!sawWanted) await this.sleep(this.opts.idleMs ?? 200);
      } catch (err) {
        this.failures++;
        const backoff = Math.min(5000, 100 * 2 ** Math.min(this.failures, 6));
        this.opts.log?.(`indexer: ${(err as Error).message}; retrying in ${backoff} ms`);
        if ((err as { name?: string }).name === "ExpiredIteratorException" || (err as { name?: string }).name === "TrimmedDataAccessException") {
          iterators.clear();
          ahead.clear();
        }
        await this.sleep(backoff);
      }
    }
  }

  private notifyIdle(pass: number) {
    const ready = this.idleWaiters.filter((w) => w.afterPass <= pass);
    this.idleWaiters = this.idleWaiters.filter((w) => w.afterPass > pass);
    for (const w of ready) w.resolve();
  }

  private async findStream(): Promise<string | undefined> {
    const out = await this.client.send(new ListStreamsCommand({ TableName: this.opts.table }));
    return out.Streams?.at(-1)?.StreamArn;
  }

  private async shards(streamArn: string): Promise<string[]> {
    const out = await this.client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    return (out.StreamDescription?.Shards ?? []).map((s) => s.ShardId!);
  }

  private async iterator(streamArn: string, shardId: string): Promise<string | undefined> {
    const after = this.checkpoints[shardId];
    const out = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
          : { ShardIteratorType: "TRIM_HORIZON" }),
      }),
    );
    return out.ShardIterator;
  }

  /** Write then rename: a crash leaves the old checkpoint or the new one, never half of one. */
  private saveCheckpoints() {
    const file = this.opts.checkpointFile;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.checkpoints));
    renameSync(`${file}.tmp`, file);
  }

  private sleep(ms: number) {
    return new Promise((r) => setTimeout(r, ms));
  }
}

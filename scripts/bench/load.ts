/** A closed-loop load generator: C workers, each sending its next request as soon as the last one answered. */
import type { HttpClient, RequestSpec } from "./http.js";

export interface LoadOptions {
  concurrency: number;
  /** Stop starting new requests after this long… */
  durationMs: number;
  /** …or after this many, whichever comes first. */
  maxRequests: number;
  /** Which statuses count as success (default: below 400). */
  isOk?: (status: number) => boolean;
  /** Looks at each successful body after its latency was taken (so parsing is not timed). */
  inspect?: (body: string) => void;
}

export interface LoadResult {
  /** Latencies (ms) of the requests that succeeded. */
  latencies: number[];
  /** The same latencies with the request number each belongs to. */
  timed: Array<{ n: number; ms: number }>;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  firstError?: string;
  elapsedMs: number;
  /** Successful requests per second over the whole run. */
  throughput: number;
  /** Which request numbers (as passed to `next`) were sent, so a peer can replay exactly these. */
  sent: number[];
}

export async function runLoad(client: HttpClient, next: (i: number) => RequestSpec, opts: LoadOptions): Promise<LoadResult> {
  const isOk = opts.isOk ?? ((status: number) => status < 400);
  const latencies: number[] = [];
  const timed: Array<{ n: number; ms: number }> = [];
  const statuses: Record<string, number> = {};
  const sent: number[] = [];
  let firstError: string | undefined;
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;

  async function worker() {
    while (issued < opts.maxRequests && performance.now() < deadline) {
      const i = issued++;
      sent.push(i);
      const spec = next(i);
      try {
        const res = await client.request(spec);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (isOk(res.status)) {
          latencies.push(res.ms);
          timed.push({ n: i, ms: res.ms });
          opts.inspect?.(res.body);
        } else {
          errors++;
          firstError ??= `${spec.method} ${spec.path} → ${res.status}: ${res.body.slice(0, 200)}`;
        }
      } catch (err) {
        errors++;
        statuses.network = (statuses.network ?? 0) + 1;
        firstError ??= `${spec.method} ${spec.path}: ${(err as Error).message}`;
      }
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return { latencies, timed, ok: latencies.length, errors, statuses, firstError, elapsedMs, throughput: latencies.length / (elapsedMs / 1000), sent };
}

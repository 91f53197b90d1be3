import { describe, expect, it } from "vitest";
import { DependencyGuard } from "../../functions/store/guard.js";
import { UnavailableError } from "../../functions/store/errors.js";
import { TokenBuckets } from "../../functions/http/rate-limit.js";

/** Logic only: the real store frozen with SIGSTOP is in test/resilience/store-faults.test.ts. */
describe("DependencyGuard", () => {
  const never = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));

  it("gives up at the deadline, aborting the call", async () => {
    const guard = new DependencyGuard("store", { timeoutMs: 100, maxInFlight: 4, maxQueued: 4 });
    let aborted = false;
    const started = Date.now();
    await expect(guard.run((signal) => never(signal).catch((e) => ((aborted = true), Promise.reject(e))))).rejects.toBeInstanceOf(UnavailableError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aborted).toBe(true);
  });

  it("queues past maxInFlight and refuses at once past maxQueued", async () => {
    const guard = new DependencyGuard("store", { timeoutMs: 300, maxInFlight: 1, maxQueued: 1 });
    const first = guard.run(never);
    const second = guard.run(async () => "second");
    expect(guard.queued).toBe(1);
    const started = Date.now();
    await expect(guard.run(async () => "third")).rejects.toThrow("too many calls waiting");
    expect(Date.now() - started).toBeLessThan(50);
    await expect(first).rejects.toBeInstanceOf(UnavailableError);
    await expect(second).resolves.toBe("second"); // the slot passed on when the first gave up
  });

  it("passes on the store's own answers: a failed condition is not an outage", async () => {
    const guard = new DependencyGuard("store", { timeoutMs: 1000, maxInFlight: 1, maxQueued: 0 });
    const condition = Object.assign(new Error("cond"), { name: "ConditionalCheckFailedException", $fault: "client" });
    await expect(guard.run(async () => Promise.reject(condition))).rejects.toBe(condition);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await expect(guard.run(async () => Promise.reject(refused))).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe("TokenBuckets", () => {
  it("allows a burst, then one token per refill period, per key, and says how long to wait", () => {
    const buckets = new TokenBuckets(60, 3); // one a second, bursts of 3
    const t = 1_000_000;
    expect([0, 0, 0].map(() => buckets.take("a", 1, t))).toEqual([0, 0, 0]);
    expect(buckets.take("a", 1, t)).toBe(1);
    expect(buckets.take("b", 1, t)).toBe(0);
    expect(buckets.take("a", 1, t + 1000)).toBe(0);
    expect(buckets.take("a", 5, t + 1000)).toBeGreaterThan(1);
  });

  it("keeps at most maxKeys buckets", () => {
    const buckets = new TokenBuckets(60, 3, 100);
    for (let i = 0; i < 1000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBe(100);
  });
});

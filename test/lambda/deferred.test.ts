import { describe, expect, it } from "vitest";
import { DeferredWork, settlingDeferred } from "../../functions/lambda/deferred.js";

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe("DeferredWork in Lambda", () => {
  it("the wrapped handler resolves only after the work it deferred", async () => {
    const done: string[] = [];
    const deferred = new DeferredWork(() => {});
    const handler = settlingDeferred(deferred, async (event: string) => {
      deferred.add(later(30, null).then(() => done.push(`analytics for ${event}`)));
      return `answer to ${event}`;
    });
    const answer = await handler("q");
    expect(answer).toBe("answer to q");
    expect(done).toEqual(["analytics for q"]);
    expect(deferred.size).toBe(0);
  });

  it("waits for work deferred by deferred work", async () => {
    const done: string[] = [];
    const deferred = new DeferredWork(() => {});
    deferred.add(
      later(5, null).then(() => {
        deferred.add(later(20, null).then(() => done.push("second")));
        done.push("first");
      }),
    );
    await deferred.settle();
    expect(done).toEqual(["first", "second"]);
  });

  it("reports failures without failing the request", async () => {
    const errors: unknown[] = [];
    const deferred = new DeferredWork((err) => errors.push(err));
    const handler = settlingDeferred(deferred, async () => {
      deferred.add(Promise.reject(new Error("throttled")));
      return 200;
    });
    expect(await handler(undefined)).toBe(200);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("throttled");
  });

  it("still settles deferred work when the handler throws", async () => {
    let finished = false;
    const deferred = new DeferredWork(() => {});
    const handler = settlingDeferred(deferred, async () => {
      deferred.add(later(20, null).then(() => (finished = true)));
      throw new Error("boom");
    });
    await expect(handler(undefined)).rejects.toThrow("boom");
    expect(finished).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { TransactionCanceledException } from "../../functions/store/dynamo.js";
import type { Db } from "../../functions/store/client.js";
import { ConditionsFailed, mapLimit, transactWrite } from "../../functions/store/transact.js";

const cancelled = (...codes: string[]) =>
  Object.assign(new TransactionCanceledException("TransactionCanceledException", "cancelled", 400, undefined, 1), {
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A Db whose client answers from a script of outcomes, one per send. */
function scriptedDb(outcomes: (Error | "ok")[]) {
  let calls = 0;
  const db = {
    table: "t",
    doc: {
      send: async () => {
        const next = outcomes[calls++] ?? "ok";
        if (next !== "ok") throw next;
        return {};
      },
    },
  } as unknown as Db;
  return { db, calls: () => calls };
}

describe("transactWrite", () => {
  it("retries a transaction that lost a race to another one", async () => {
    const { db, calls } = scriptedDb([cancelled("None", "TransactionConflict"), cancelled("TransactionConflict", "None"), "ok"]);
    await transactWrite(db, []);
    expect(calls()).toBe(3);
  });

  it("reports failed conditions by item index without retrying", async () => {
    const { db, calls } = scriptedDb([cancelled("None", "ConditionalCheckFailed", "TransactionConflict")]);
    const err = await transactWrite(db, []).catch((e) => e);
    expect(err).toBeInstanceOf(ConditionsFailed);
    expect((err as ConditionsFailed).indexes).toEqual([1]);
    expect(calls()).toBe(1);
  });

  it("passes other errors through", async () => {
    const { db } = scriptedDb([new Error("network down")]);
    await expect(transactWrite(db, [])).rejects.toThrow("network down");
    const validation = scriptedDb([cancelled("ValidationError")]);
    await expect(transactWrite(validation.db, [])).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe("mapLimit", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

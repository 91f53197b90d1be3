import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../../functions/store/cursor.js";

describe("pagination cursors", () => {
  it("round-trip the fields they carry", () => {
    const cursor = encodeCursor({ sk: "READ#2026-01-01T00:00:00.000Z#a#x", gsi1sk: "2026#r" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ["sk", "gsi1sk"])).toEqual({ sk: "READ#2026-01-01T00:00:00.000Z#a#x", gsi1sk: "2026#r" });
  });

  it("reject anything they did not produce", () => {
    const bad = [
      "",
      "not base64!",
      Buffer.from("not json").toString("base64url"),
      encodeCursor({ sk: "READ#1" }).padEnd(5000, "A"),
      Buffer.from(JSON.stringify(["READ#1"])).toString("base64url"),
      Buffer.from(JSON.stringify({ sk: 5 })).toString("base64url"),
      encodeCursor({ sk: "READ#1", extra: "x" }),
      encodeCursor({ other: "READ#1" }),
      encodeCursor({ sk: "" }),
    ];
    for (const cursor of bad) expect(() => decodeCursor(cursor, ["sk"]), cursor).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor({ sk: "ART#x" }), ["sk"], (f) => f.sk.startsWith("READ#"))).toThrow(InvalidCursorError);
  });
});

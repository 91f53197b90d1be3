import { z } from "@hono/zod-openapi";
import { InvalidCursorError } from "../store/cursor.js";
import { badRequest } from "./problem.js";

export const cursorParam = z
  .string()
  .max(4096)
  .optional()
  .openapi({ description: "Opaque: the `nextCursor` of the previous page. Omit for the first page." });

/** Runs a store call that takes a cursor; a cursor it cannot use becomes a 400 problem. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw badRequest("The cursor is not valid for this list.", [{ field: "query.cursor", message: err.message }]);
    }
    throw err;
  }
}

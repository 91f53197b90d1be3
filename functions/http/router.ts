import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { Problem, problemResponse } from "./problem.js";

/** Every router shares one validation hook, so schema failures become the same 400 problem+json. */
export function newRouter() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(c, validationProblem(result.error as ZodError, result.target));
      }
    },
  });
}

export function validationProblem(error: ZodError, target?: string): Problem {
  const errors = error.issues.slice(0, 50).map((i) => ({
    field: [target === "json" ? "body" : target, ...i.path].filter((p) => p !== undefined && p !== "").join("."),
    message: i.message,
  }));
  return new Problem(400, "Invalid request", "Some fields are missing or invalid; see errors.", errors);
}

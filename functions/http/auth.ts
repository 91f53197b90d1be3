import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { ApiKey, Scope } from "../config.js";
import { Problem } from "./problem.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Finds the key in constant time per configured key (digests have equal length, so no length leak). */
export function findKey(keys: ApiKey[], presented: string): ApiKey | undefined {
  const given = digest(presented);
  let found: ApiKey | undefined;
  for (const k of keys) if (timingSafeEqual(digest(k.key), given)) found = k;
  return found;
}

/** The configured key an Authorization header presents, if any. */
export function presentedKey(keys: ApiKey[], authorization: string | undefined): ApiKey | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? findKey(keys, match[1]) : undefined;
}

/** Bearer-key check: 401 without a valid key, 403 when the key lacks the scope. */
export function requireScope(keys: () => ApiKey[], scope: Scope) {
  return createMiddleware(async (c, next) => {
    const key = presentedKey(keys(), c.req.header("authorization"));
    if (!key) {
      throw new Problem(401, "Unauthorized", "Send Authorization: Bearer <key>.", undefined, { "www-authenticate": "Bearer" });
    }
    if (!key.scopes.includes(scope)) throw new Problem(403, "Forbidden", `This key lacks the "${scope}" scope.`);
    await next();
  });
}

import { createMiddleware } from "hono/factory";

/**
 * Visitor ids are the reader's only identity and never appear in an answer. Routes with a
 * `visitorId` path parameter use this so an error body's `instance` (the request path) shows
 * `{visitorId}` in place of the id.
 */
export const hideVisitorIdInProblems = createMiddleware(async (c, next) => {
  await next();
  const visitorId = c.req.param("visitorId");
  if (!visitorId || !c.res.headers.get("content-type")?.startsWith("application/problem+json")) return;
  const body = (await c.res.clone().json()) as { instance?: string };
  if (typeof body.instance !== "string") return;
  body.instance = body.instance
    .split("/")
    .map((segment) => (safeDecode(segment) === visitorId ? "{visitorId}" : segment))
    .join("/");
  const { status } = c.res;
  const headers = new Headers(c.res.headers);
  headers.delete("content-length");
  c.res = undefined; // replace the answer rather than merge into it
  c.res = new Response(JSON.stringify(body), { status, headers });
});

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

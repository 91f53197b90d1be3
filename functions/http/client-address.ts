import type { Context } from "hono";

/** What the runtime hands the app: Node's request (local server) or API Gateway's request context (Lambda). */
interface RuntimeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
  server?: { incoming?: { socket?: { remoteAddress?: string } } };
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
}

/** The address of a request the runtime could not name (app.request in tests, other hosts). */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client address as the API contract defines it: the socket's peer, or API Gateway's source
 * IP. The first X-Forwarded-For entry only when `trustProxy` is set: anyone can send that header.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const first = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first.slice(0, 64).toLowerCase();
  }
  const env = (c.env ?? {}) as RuntimeBindings;
  const address =
    env.requestContext?.http?.sourceIp ??
    env.requestContext?.identity?.sourceIp ??
    (env.server ?? env).incoming?.socket?.remoteAddress;
  return address ? address.replace(/^::ffff:/, "").toLowerCase() : UNKNOWN_ADDRESS;
}

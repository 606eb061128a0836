import type { AppLoadContext } from "@remix-run/node";

/**
 * The client's address as the HTTP layer resolved it from the trusted proxy
 * chain (`req.ip`), never from a header a client can set. "unknown" when a
 * caller gives no context (one shared bucket, the safe side for throttles).
 */
export function clientIpOf(context: AppLoadContext): string {
  return context.clientIp || "unknown";
}

import type express from "express";
import { publicSlug } from "~/positions/public-asks.server";

const embedPath = /^\/embed\/([^/]+)\/?$/;

/**
 * Looks up which sites may frame an embed page, before the security headers
 * are written: `/embed/{campaign}` answers `frame-ancestors` with exactly the
 * campaign's allowed origins; every other page keeps `'none'`.
 */
export function embedFraming(
  allowedOrigins: (slug: string) => Promise<string[]>,
): express.RequestHandler {
  return (req, res, next) => {
    const slug = embedPath.exec(req.path)?.[1];
    if (!slug || !publicSlug.safeParse(slug).success) return next();
    allowedOrigins(slug).then((origins) => {
      res.locals.frameAncestors = origins;
      next();
    }, next);
  };
}

/** The `frame-ancestors` value of this response. */
export function frameAncestors(res: express.Response): string {
  const origins: unknown = res.locals.frameAncestors;
  return Array.isArray(origins) && origins.length > 0 ? origins.join(" ") : "'none'";
}

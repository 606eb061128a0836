import type express from "express";
import type { Logger } from "pino";
import { type BuildSource, currentPatterns } from "./request-guards.server";
import { redactedPath } from "./route-params";

/**
 * One log line per request: method, path, status, time. Never the query
 * string, and never a secret path parameter: `/confirm/:token`, `/s/:token/…`,
 * `/r/:token/…` are written with the parameter's name, since whoever reads
 * the logs must not be able to confirm, erase or answer for a supporter.
 */
export function requestLog(logger: Logger, build: BuildSource): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // The path as received, before anything downstream rewrites req.url.
    const path = req.path;
    res.on("finish", () => {
      currentPatterns(build).then(
        (patterns) => write(redactedPath(path, patterns)),
        () => write("[unknown]"),
      );
    });
    const write = (loggedPath: string) =>
      logger.info(
        {
          method: req.method,
          path: loggedPath,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        },
        "request",
      );
    next();
  };
}

import type { Socket } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type express from "express";
import {
  checkRouteParams,
  type RoutePattern,
  redactedPath,
  routePath,
  routePatterns,
} from "./route-params";

/**
 * Express middleware that turns malformed requests into short 4xx answers
 * before Remix sees them: bad path parameters, cross-site form posts, bodies
 * over the limit (counted as they arrive), forms that are not forms.
 */

export type BuildSource = ServerBuild | (() => Promise<ServerBuild>);

export interface BodyLimits {
  /** Every request but the CSV imports and the template editor. */
  bodyBytes: number;
  /** The CSV imports and the template editor (letters of up to 100,000 characters). */
  uploadBytes: number;
}

/** Routes that read their multipart body as a stream and count it themselves. */
const streamedUploads = [
  /^\/staff\/contacts\/import\/?$/i,
  /^\/staff\/campaigns\/[^/]+\/import\/?$/i,
  /^\/api\/v1\/campaigns\/[^/]+\/asks\/[^/]+\/positions\/?$/i,
];
const largeForms = [/^\/staff\/campaigns\/[^/]+\/templates\/?$/i];

const formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"];
const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const patternsByBuild = new WeakMap<ServerBuild, RoutePattern[]>();

/** The URL patterns of the current build (a new build under `npm run dev`). */
export async function currentPatterns(source: BuildSource): Promise<RoutePattern[]> {
  const build = typeof source === "function" ? await source() : source;
  let patterns = patternsByBuild.get(build);
  if (!patterns) {
    patterns = routePatterns(build.routes);
    patternsByBuild.set(build, patterns);
  }
  return patterns;
}

function isApi(req: express.Request): boolean {
  return req.path.startsWith("/api/");
}

/**
 * A short answer in the form the client reads: JSON under /api, else a small
 * HTML page. A body not read yet is not read at all: the connection closes.
 */
export function refuse(
  req: express.Request,
  res: express.Response,
  status: number,
  message: string,
): void {
  if (!req.complete) {
    res.set("Connection", "close");
    lingerBeforeClosing(req.socket);
  }
  res.set("Cache-Control", "no-store");
  if (isApi(req)) {
    res.status(status).json({ error: message });
    return;
  }
  const title =
    {
      400: "Bad request",
      403: "Forbidden",
      404: "Not found",
      413: "Request too large",
      415: "Unsupported request",
    }[status] ?? "Refused";
  res
    .status(status)
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
        `<body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the home page</a></p></main></body></html>`,
    );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );
}

/** 404 for a path parameter of the wrong shape (a NUL byte, an SQL fragment, a huge slug). */
export function routeParamGuard(build: BuildSource): express.RequestHandler {
  return (req, res, next) => {
    currentPatterns(build).then((patterns) => {
      const check = checkRouteParams(req.path, patterns).kind;
      // Remix logs the URL of a path no route takes: not one that holds a secret token.
      const holdsSecret = check === "unmatched" && redactedPath(req.path, patterns) !== req.path;
      if (check === "malformed" || holdsSecret) {
        refuse(req, res, 404, "There is no such page.");
      } else {
        next();
      }
    }, next);
  };
}

/**
 * Remix aborts an action whose Origin is not this host with an exception (a
 * 500 with an empty body); the same check, answered as what it is.
 */
export const sameOriginGuard: express.RequestHandler = (req, res, next) => {
  if (!unsafeMethods.has(req.method) || isApi(req)) return next();
  const origin = req.get("origin");
  if (!origin || origin === "null") return next();
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  if (URL.canParse(origin) && new URL(origin).host === host) return next();
  refuse(req, res, 403, "Forms can only be sent from this site's own pages.");
};

/**
 * Reads every body but the CSV imports' into memory up to its limit, counting
 * as it arrives (a Content-Length over the limit is refused before reading).
 * Past the limit it answers at once and drops the connection, rather than
 * reading the rest. Remix then gets the bytes from `req.body`. Form routes
 * also refuse a body that is not a form, which `request.formData()` would
 * throw on (a 500).
 */
export function bodyGuard(limits: BodyLimits): express.RequestHandler {
  return (req, res, next) => {
    if (!unsafeMethods.has(req.method)) return next();
    const path = routePath(req.path);
    const streamed = streamedUploads.some((pattern) => pattern.test(path));
    const large = streamed || largeForms.some((pattern) => pattern.test(path));
    const limit = large ? limits.uploadBytes : limits.bodyBytes;
    if (Number(req.get("content-length")) > limit) return tooLarge(req, res, limit);
    if (streamed) return next();
    const encoding = req.get("content-encoding")?.trim().toLowerCase();
    if (encoding && encoding !== "identity") {
      return refuse(req, res, 415, "Send the body without a Content-Encoding.");
    }
    readBody(req, limit).then((body) => {
      if (body === "too large") return tooLarge(req, res, limit);
      if (body === "aborted") return void res.destroy();
      req.body = body;
      if (isApi(req)) next();
      else formGuard(req, res, next);
    }, next);
  };
}

function readBody(req: express.Request, limit: number): Promise<Buffer | "too large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | "too large" | "aborted") => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("aborted", onAbort);
      if (result === "too large") req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish("too large");
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onAbort = () => finish("aborted");
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("aborted", onAbort);
  });
}

function tooLarge(req: express.Request, res: express.Response, limit: number): void {
  refuse(
    req,
    res,
    413,
    `This request is larger than ${formatBytes(limit)}, the most this server accepts here.`,
  );
}

/**
 * Node closes a `Connection: close` socket as soon as the answer is written;
 * with the client's body still arriving, the kernel then sends a reset that can
 * reach the client before it has read the answer (it sees EPIPE, not the 413).
 * Half-close instead and keep dropping input for a moment, as nginx's
 * lingering close does; the time cap bounds what a client can push after it.
 */
const lingerMs = 1_000;
function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = () => {
    socket.end();
    socket.resume();
    setTimeout(() => socket.destroy(), lingerMs).unref();
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

function formGuard(req: express.Request, res: express.Response, next: express.NextFunction) {
  const type = req.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!formTypes.includes(type)) {
    return refuse(
      req,
      res,
      415,
      "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
    );
  }
  if (type !== "multipart/form-data") return next();
  // A multipart body without its boundary, or cut short, throws in formData().
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  new Response(new Uint8Array(body), { headers: { "Content-Type": req.get("content-type") ?? "" } })
    .formData()
    .then(
      () => next(),
      () => refuse(req, res, 400, "The form could not be read: its multipart body is malformed."),
    );
}

/**
 * Staff pages, the API and the pages reached by a supporter's secret link carry
 * personal data: no cache keeps them, unless the route chose its own policy.
 */
export function noStoreGuard(build: BuildSource): express.RequestHandler {
  return (req, res, next) => {
    currentPatterns(build).then((patterns) => {
      if (isPrivatePath(req.path, patterns)) {
        const writeHead = res.writeHead;
        res.writeHead = function (this: express.Response, ...args: unknown[]) {
          if (!this.getHeader("cache-control")) this.setHeader("Cache-Control", "no-store");
          return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
        } as typeof res.writeHead;
      }
      next();
    }, next);
  };
}

function isPrivatePath(pathname: string, patterns: RoutePattern[]): boolean {
  const path = routePath(pathname).toLowerCase();
  if (path === "/staff" || path.startsWith("/staff/") || path.startsWith("/api/")) return true;
  const check = checkRouteParams(path, patterns);
  return check.kind !== "unmatched" && check.pattern.params.includes("token");
}

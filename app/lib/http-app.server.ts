import { randomBytes } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { logger } from "./logger.server";
import { remixHandler } from "./remix-handler.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-response nonce: the only inline scripts the CSP allows are Remix's own. */
    cspNonce: string;
    /**
     * The client's address as the trusted proxies tell it (TRUST_PROXY), else
     * the connection's: never a header the client sets itself.
     */
    clientIp?: string;
  }
}

/**
 * The express app around the Remix build: static assets, security headers,
 * request logs without personal data.
 */
export function createHttpApp(options: {
  /** The build, or (under `npm run dev`) a function returning the latest one. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  production: boolean;
}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", 1);
  app.use(compression());
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(securityHeaders(options.production));
  app.use(requestLog);
  app.use(
    "/build",
    express.static("public/build", { immutable: true, maxAge: "1y", fallthrough: false }),
  );
  app.use(express.static("public", { maxAge: "1h" }));
  app.all(
    "*",
    remixHandler({
      build: options.build,
      mode: options.production ? "production" : "development",
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientIp: req.ip ?? req.socket.remoteAddress ?? "",
      }),
    }),
  );
  return app;
}

function securityHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`,
        ],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        // The dev server's live reload talks over a local websocket.
        connectSrc: production ? ["'self'"] : ["'self'", "ws://localhost:*", "ws://127.0.0.1:*"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: production,
    crossOriginEmbedderPolicy: false,
  });
}

const requestLog: express.RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    logger.info(
      {
        method: req.method,
        // The path only: query strings can carry tokens and personal data.
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      },
      "request",
    );
  });
  next();
};

import { randomBytes } from "node:crypto";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { frameAncestorsOf } from "~/embed/embed.server";
import { embedFraming, frameAncestors } from "~/embed/embed-framing.server";
import type { Database } from "./db.server";
import type { Config } from "./env.server";
import { logger } from "./logger.server";
import { remixHandler } from "./remix-handler.server";
import {
  type BodyLimits,
  bodyGuard,
  noStoreGuard,
  routeParamGuard,
  sameOriginGuard,
} from "./request-guards.server";
import { requestLog } from "./request-log.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-response nonce: the only inline scripts the CSP allows are Remix's own. */
    cspNonce: string;
    /**
     * The client's address as the trusted proxies tell it (TRUST_PROXY), else
     * the connection's: never a header the client sets itself.
     */
    clientIp: string;
    /** The process's pool: loaders and actions hand it to domain functions. */
    db: Database;
    /** The process's configuration, read and checked once at start-up (env.server.ts). */
    config: Config;
  }
}

/** What every loader and action gets besides the request. */
export function loadContext(
  services: Pick<AppLoadContext, "db" | "config">,
): (req: express.Request, res: express.Response) => AppLoadContext {
  return (req, res) => ({
    cspNonce: String(res.locals.cspNonce),
    clientIp: req.ip ?? req.socket.remoteAddress ?? "",
    db: services.db,
    config: services.config,
  });
}

/**
 * The express app around the Remix build: static assets, security headers,
 * request logs without personal data.
 */
export function createHttpApp(options: {
  /** The build, or (under `npm run dev`) a function returning the latest one. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  db: Database;
  config: Config;
  /** Request body limits; MAX_BODY_BYTES and MAX_UPLOAD_BYTES by default. */
  bodyLimits?: BodyLimits;
}): express.Express {
  const { db, config } = options;
  const production = config.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(compression());
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(embedFraming((slug) => frameAncestorsOf(db, slug)));
  app.use(securityHeaders(production));
  app.use(requestLog(logger, options.build));
  // Partners' pages load the embed's resize script from here (helmet says same-origin).
  app.use("/embed.js", (_req, res, next) => {
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    next();
  });
  app.use(
    "/build",
    express.static("public/build", { immutable: true, maxAge: "1y", fallthrough: false }),
  );
  app.use(express.static("public", { maxAge: "1h" }));
  // Malformed requests get a 4xx here, before Remix reads a body or a loader a parameter.
  app.use(noStoreGuard(options.build));
  app.use(routeParamGuard(options.build));
  app.use(sameOriginGuard);
  app.use(
    bodyGuard(
      options.bodyLimits ?? {
        bodyBytes: config.MAX_BODY_BYTES,
        uploadBytes: config.MAX_UPLOAD_BYTES,
      },
    ),
  );
  app.all(
    "*",
    remixHandler({
      build: options.build,
      mode: production ? "production" : "development",
      getLoadContext: loadContext({ db, config }),
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
        // 'none' but on the embed, which partners' sites listed by staff may frame.
        frameAncestors: [(_req, res) => frameAncestors(res as express.Response)],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: production,
    crossOriginEmbedderPolicy: false,
    // frame-ancestors 'none' above says it; SAMEORIGIN here contradicted it.
    xFrameOptions: false,
  });
}

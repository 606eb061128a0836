import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  type ServerBuild,
} from "@remix-run/node";
import type express from "express";

/**
 * Express to Remix, like @remix-run/express but with backpressure: the
 * response body is piped, so a slow client slows the producer (a streamed
 * export reads its database cursor only as fast as the client takes rows)
 * instead of the server buffering the whole file.
 */
export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
}): express.RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      // Only a client that left early aborts: aborting after every answer costs
      // a DOMException with its stack per request.
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const response = await handle(
        fetchRequest(req, controller.signal),
        options.getLoadContext(req, res),
      );
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function fetchRequest(req: express.Request, signal: AbortSignal): Request {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url.href, {
    method: req.method,
    headers,
    signal,
    ...(hasBody ? { body: requestBody(req), duplex: "half" } : {}),
  } as RequestInit);
}

/** The bytes the body limit already read (request-guards.server.ts), else the stream. */
function requestBody(req: express.Request): BodyInit {
  const body = Buffer.isBuffer(req.body) ? req.body : createReadableStreamFromReadable(req);
  return body as BodyInit;
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) {
    if (name !== "set-cookie") res.append(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.append("Set-Cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  await pipeline(Readable.fromWeb(response.body as NodeWebReadableStream), res).catch(
    (error: unknown) => {
      // A client that goes away mid-download is not a server error.
      if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
    },
  );
}

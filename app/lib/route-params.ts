import { z } from "zod";

/**
 * Path parameters are checked by name, for every route, before any loader or
 * action runs: a NUL byte or a 10 kB "slug" never reaches a query (PostgreSQL
 * refuses 0x00 in text, which was a 500 with the SQL in it).
 */
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/i);
const iso3 = z.string().regex(/^[a-z]{3}$/i);
// An ISO 639 code as campaigns name their languages (`fa`, `zh`).
const languageCode = z.string().regex(/^[a-z]{2,3}$/);
// The base64url of the supporter, confirm and follow-up tokens.
const secretToken = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);
const word = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i);
// A PostgreSQL integer: 2147483648 was a 500 that quoted the SQL.
const numericId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .refine((value) => Number(value) <= 2_147_483_647);
// The map geometry's content hash (app/positions/world-map-asset.server.ts).
const assetVersion = z.string().regex(/^[0-9a-f]{12}$/);
// A parameter no one described yet: printable, and short.
const printable = z.string().regex(/^[^\p{Cc}\p{Cs}]{1,200}$/u);

/** Every parameter a route file names has its own entry (tested), so nothing falls to `printable`. */
export const paramSchemas: Record<string, z.ZodType<string>> = {
  campaign: slug,
  ask: slug,
  state: iso3,
  token: secretToken,
  choice: word,
  answer: word,
  file: word,
  language: languageCode,
  id: numericId,
  version: assetVersion,
};

/** Parameters whose values are secrets: never written to a log. */
export const secretParams: ReadonlySet<string> = new Set(["token"]);

function schemaFor(name: string): z.ZodType<string> {
  return paramSchemas[name] ?? (/Id$/.test(name) ? numericId : printable);
}

export interface RoutePattern {
  /** As React Router writes it, e.g. `/c/:campaign/write`. */
  path: string;
  params: string[];
  regex: RegExp;
}

/** The route table of a Remix build, as much of it as the patterns need. */
export type RouteTable = Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean } | undefined
>;

/**
 * The full URL pattern of every route. Splat routes are left out: they match
 * anything, so they cannot tell a malformed parameter from another page.
 */
export function routePatterns(routes: RouteTable): RoutePattern[] {
  const fullPath = (id: string | undefined): string => {
    const route = id ? routes[id] : undefined;
    if (!route) return "";
    const parent = fullPath(route.parentId);
    return route.path ? `${parent}/${route.path}` : parent;
  };
  const paths = new Set(Object.keys(routes).map((id) => fullPath(id) || "/"));
  return [...paths].filter((path) => !path.includes("*")).map(compilePattern);
}

/** React Router's rules: `:name` takes one whole segment and may be followed by a suffix. */
export function compilePattern(path: string): RoutePattern {
  const { source, params } = patternSource(path);
  return { path, params, regex: new RegExp(`^${source}/*$`, "i") };
}

function patternSource(path: string): { source: string; params: string[] } {
  const params: string[] = [];
  const source = path
    .replace(/\/+$/, "")
    .replace(/[\\.*+^${}|()[\]]/g, "\\$&")
    .replace(/\/:([\w-]+)/g, (_, name: string) => {
      params.push(name);
      return "/([^/]+)";
    });
  return { source, params };
}

export type ParamCheck =
  | { kind: "unmatched" }
  | { kind: "valid"; pattern: RoutePattern }
  | { kind: "malformed"; pattern: RoutePattern };

/**
 * Whether a path leads to a route with well-formed parameters. A path that
 * some route takes with valid parameters passes, even when another route
 * would refuse them (`/report/FRA.pdf` is `:state.pdf`, not `:state`).
 */
export function checkRouteParams(pathname: string, patterns: RoutePattern[]): ParamCheck {
  const path = routePath(pathname);
  let malformed: RoutePattern | undefined;
  for (const pattern of patterns) {
    const match = pattern.regex.exec(path);
    if (!match) continue;
    const valid = pattern.params.every((name, index) => {
      const value = decodeSegment(match[index + 1] ?? "");
      return value !== null && schemaFor(name).safeParse(value).success;
    });
    if (valid) return { kind: "valid", pattern };
    malformed ??= pattern;
  }
  return malformed ? { kind: "malformed", pattern: malformed } : { kind: "unmatched" };
}

/** Single fetch asks for `/c/x.data` (and `/_root.data` for `/`) to load `/c/x`. */
export function routePath(pathname: string): string {
  if (pathname === "/_root.data") return "/";
  return pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The path with every secret parameter replaced by its name (`/confirm/:token`),
 * including paths that only begin like a route with a secret (`/s/TOKEN/x/y`).
 */
export function redactedPath(pathname: string, patterns: RoutePattern[]): string {
  let path = pathname;
  for (const pattern of patterns) {
    const last = pattern.params.filter((name) => secretParams.has(name)).at(-1);
    if (!last) continue;
    // The pattern up to its last secret segment, matched as a prefix.
    const prefix = pattern.path.slice(0, pattern.path.indexOf(`:${last}`) + last.length + 1);
    const { source } = patternSource(prefix);
    const match = new RegExp(`^${source}(?=/|$)`, "i").exec(path);
    if (!match) continue;
    let index = 0;
    const redacted = prefix.replace(/:([\w-]+)/g, (_, name: string) => {
      index += 1;
      return secretParams.has(name) ? `:${name}` : (match[index] ?? "");
    });
    path = redacted + path.slice(match[0].length);
  }
  return path;
}

import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { and, eq, isNotNull } from "drizzle-orm";
import type { APIResponse, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { letters, staffUsers } from "#db/schema";
import { demoCampaignSlug } from "#db/seed/seed-demo";
import { createApiToken } from "~/auth/api-tokens.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { submitLetter } from "~/letters/letters.server";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { worldMapAsset } from "~/positions/world-map-asset.server";
import { followUpTokenFor } from "~/supporters/supporter-tokens.server";
import { e2eStaff } from "../setup/global-app";
import { appUrl, launchBrowser, signIn } from "./browser";
import { waitForMail } from "./mailbox";

/**
 * Every route of the app, as each role: read from the build `npm start` serves, so a new route
 * is visited without anyone adding it here. A page must load, hydrate and settle with no console
 * error, page error, failed or non-2xx request, request to another origin, websocket or serious
 * accessibility finding. A role below a page's gate may only be turned away cleanly (a staff
 * role with 403, a visitor with the sign-in page); every route must be shown to someone, and
 * admins are never turned away.
 */

/** The routes of the built app with the names their modules export, read in Node as the app runs (under tsx). */
interface BuiltRoute {
  id: string;
  parentId?: string;
  path?: string;
  exports: string[];
  /** false for a page served without the client bundle (`handle.hydrate`, app/root.tsx). */
  hydrates: boolean;
}
const builtRoutes: Record<string, BuiltRoute> = JSON.parse(
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `const { routes } = await import(${JSON.stringify(pathToFileURL(resolve("build/index.js")).href)});
       const out = Object.fromEntries(Object.entries(routes).map(([id, r]) =>
         [id, { id, parentId: r.parentId, path: r.path, exports: Object.keys(r.module),
           hydrates: r.module.handle?.hydrate !== false }]));
       process.stdout.write(JSON.stringify(out));`,
    ],
    { encoding: "utf8", maxBuffer: 10 * 1024 * 1024 },
  ),
);

type Role = "anonymous" | "viewer" | "editor" | "admin";
const roles: Role[] = ["admin", "editor", "viewer", "anonymous"];

interface Fixtures {
  confirmToken: string;
  manageToken: string;
  followUpToken: string;
  apiTokens: Record<Exclude<Role, "anonymous">, string>;
}

const demoAsk = "hrc-special-session";
const supporterCountry = "IDN";

/**
 * A concrete value for each route parameter, by name, or by route where one name means
 * different things (three kinds of `$token`). A parameter missing here fails its route's test.
 */
const paramFixtures: Record<string, string | Record<string, (f: Fixtures) => string>> = {
  campaign: demoCampaignSlug,
  ask: demoAsk,
  state: "BRA",
  version: worldMapAsset().version,
  file: "letters.csv",
  language: "fr",
  choice: "unsubscribe",
  answer: "replied",
  token: {
    "routes/confirm.$token": (f) => f.confirmToken,
    "routes/s.$token.$choice": (f) => f.manageToken,
    "routes/r.$token.$answer": (f) => f.followUpToken,
  },
};

/**
 * What each resource route (a loader and no page) answers when allowed. One missing here fails
 * its route's test: say what it serves.
 */
type Expectation = { contentType: RegExp } | { redirectTo: string };
const json = { contentType: /^application\/json\b/ };
const csv = { contentType: /^text\/csv\b/ };
const resourceExpectations: Record<string, Expectation> = {
  "routes/healthz": json,
  "routes/api.v1.me": json,
  "routes/api.v1.campaigns": json,
  "routes/api.v1.campaigns.$campaign": json,
  "routes/api.v1.contacts": json,
  "routes/api.v1.campaigns.$campaign.asks": json,
  "routes/api.v1.campaigns.$campaign.asks.$ask.positions": json,
  "routes/api.v1.campaigns.$campaign.asks.$ask.tally": json,
  "routes/api.v1.campaigns.$campaign.asks.$ask": json,
  "routes/api.v1.campaigns.$campaign.translations.$language": json,
  "routes/staff.campaigns.$campaign.asks.preview": json,
  "routes/maps.$version.world[.]svg": { contentType: /^image\/svg\+xml\b/ },
  "routes/api.v1.campaigns.$campaign.export.$file": csv,
  "routes/staff.campaigns.$campaign.export.$file": csv,
  "routes/staff.campaigns.$campaign.import[.]csv": csv,
  "routes/staff.contacts[.]csv": csv,
  "routes/staff.campaigns.$campaign.embed[.]news[.]csv": csv,
  "routes/staff.campaigns.$campaign.report.$state[.]pdf": { contentType: /^application\/pdf$/ },
  "routes/staff_.sign-out": { redirectTo: "/staff" },
};

type Kind = "page" | "resource" | "post-only";

interface RouteVisit {
  ids: string[];
  kind: Kind;
  url: (fixtures: Fixtures) => string;
}

/** Page (default export), resource (loader only) or POST-only (action only), by its exports. */
function kindOf(id: string): Kind {
  const exports = builtRoutes[id]?.exports ?? [];
  if (exports.includes("default")) return "page";
  if (exports.includes("loader")) return "resource";
  if (exports.includes("action")) return "post-only";
  throw new Error(`${id} exports no page, loader or action`);
}

function pattern(id: string): string {
  const parts: string[] = [];
  for (let route = builtRoutes[id]; route; route = builtRoutes[route.parentId ?? ""]) {
    if (route.path) parts.unshift(route.path);
  }
  return `/${parts.join("/")}`;
}

function fill(id: string, path: string, fixtures: Fixtures): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const fixture = paramFixtures[name];
    const value = typeof fixture === "object" ? fixture[id]?.(fixtures) : fixture;
    if (value === undefined) {
      throw new Error(
        `${id} has the parameter :${name} and paramFixtures has no value for it: add one.`,
      );
    }
    return encodeURIComponent(value);
  });
}

/** One visit per URL pattern: a layout and its index route share theirs. */
function routeVisits(): RouteVisit[] {
  const byPattern = new Map<string, string[]>();
  for (const id of Object.keys(builtRoutes)) {
    if (id === "root") continue;
    const path = pattern(id);
    byPattern.set(path, [...(byPattern.get(path) ?? []), id]);
  }
  return [...byPattern].map(([path, ids]) => {
    // The route that answers the URL: the page if there is one (an index under its layout).
    const kinds = ids.map(kindOf);
    const kind = kinds.includes("page") ? "page" : (kinds[0] ?? "page");
    const id = ids[kinds.indexOf(kind)] ?? path;
    return { ids, kind, url: (fixtures) => fill(id, path, fixtures) };
  });
}

let browser: Browser;
let handle: DatabaseHandle;
let fixtures: Fixtures;

/**
 * One browser context and one page per role, reused from visit to visit: a new page per visit
 * starts a renderer process each time (a third of the time of a visit here). What the page sees
 * is collected into `seen` while a visit runs.
 */
interface RoleTab {
  context: BrowserContext;
  page: Page;
  seen: { problems: string[]; subresources: string[] } | null;
}
const tabs = new Map<Role, RoleTab>();
/** Which roles saw each URL pattern's own answer (rather than a refusal). */
const shownTo = new Map<string, Role[]>();

function watchedTab(context: BrowserContext, page: Page): RoleTab {
  const tab: RoleTab = { context, page, seen: null };
  const origin = new URL(appUrl()).origin;
  const problem = (text: string) => tab.seen?.problems.push(text);
  page.on("console", (m) => {
    if (m.type() === "error") problem(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problem(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // The router cancels a data request that a newer one supersedes (a revalidation after a
    // live preview): the visitor loses nothing. Any other failure, or any other request, counts.
    const superseded =
      r.failure()?.errorText === "net::ERR_ABORTED" && /\.data(\?|$)/.test(r.url());
    if (!superseded) problem(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("websocket", (ws) => problem(`websocket: ${ws.url()}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && url !== "about:blank") {
      problem(`request to another origin: ${url}`);
    }
  });
  page.on("response", (r) => {
    if (r.request().isNavigationRequest()) return;
    if (r.status() >= 400) tab.seen?.subresources.push(`${r.status()} from ${r.url()}`);
  });
  return tab;
}

beforeAll(async () => {
  browser = await launchBrowser();
  handle = connectDatabase(inject("appDatabaseUrl"), { max: 2 });
  fixtures = await createFixtures(handle);
  for (const role of roles) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (role !== "anonymous") await signIn(page, e2eStaff[role]);
    await page.goto("about:blank");
    tabs.set(role, watchedTab(context, page));
  }
}, 120_000);

function tabOf(role: Role): RoleTab {
  const tab = tabs.get(role);
  if (!tab) throw new Error(`no browser page for ${role}`);
  return tab;
}

afterAll(async () => {
  await browser?.close();
  await handle?.close();
});

/** Tokens the public pages need: a letter awaiting confirmation, and a delivered one. */
async function createFixtures({ db }: DatabaseHandle): Promise<Fixtures> {
  const demo = await getCampaignWithAsks(db, demoCampaignSlug);
  const ask = demo?.asks.find((a) => a.slug === demoAsk);
  if (!demo || !ask) throw new Error("the demo campaign is missing");
  const write = async (email: string, confirmBeforeSend: boolean) => {
    const submitted = await submitLetter(db, {
      campaign: { ...demo, confirmBeforeSend },
      ask,
      input: {
        ask: ask.slug,
        country: supporterCountry,
        name: "Sari Wulandari",
        email,
        city: "Bandung",
        personalParagraph: "",
        language: "en",
        consentUpdates: false,
        website: "",
      },
      approvedBody: "Your Excellency,\n\nPlease support a special session.\n\nSari",
      clientIp: null,
    });
    if (submitted.kind !== "created") throw new Error(`letter not created: ${submitted.kind}`);
    return submitted;
  };
  const stamp = Date.now();
  const waiting = `sari.waiting.${stamp}@example.org`;
  const { confirmToken } = await write(waiting, true);
  const [confirmation] = await waitForMail(waiting);
  const manageToken = /\/s\/([\w-]+)\/unsubscribe/.exec(confirmation?.text ?? "")?.[1];
  const sent = `sari.sent.${stamp}@example.org`;
  const { letterIds } = await write(sent, false);
  const followUpToken = await followUpTokenOf(db, letterIds[0] ?? 0);
  if (!confirmToken || !manageToken) throw new Error("no confirmation e-mail with links");
  const apiTokens = { admin: "", editor: "", viewer: "" };
  for (const role of ["admin", "editor", "viewer"] as const) {
    const [user] = await db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, e2eStaff[role]));
    const created = await createApiToken(
      db,
      { kind: "system" },
      { userId: user?.id ?? 0, name: "every route" },
    );
    apiTokens[role] = created.token;
  }
  return { confirmToken, manageToken, followUpToken, apiTokens };
}

/** The app's worker delivers the letter and gives it a follow-up link. */
async function followUpTokenOf(db: DatabaseHandle["db"], letterId: number): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [letter] = await db
      .select({ token: letters.followUpToken })
      .from(letters)
      .where(and(eq(letters.id, letterId), isNotNull(letters.followUpToken)));
    // Only the token's hash is stored; the link's token is derived from the letter (as the worker does).
    if (letter?.token) return followUpTokenFor(letterId);
    if (Date.now() > deadline) throw new Error(`letter ${letterId} was not delivered`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Shown at its own address, refused (403, or the sign-in page), or sent on by its loader. */
type Outcome = "shown" | "refused" | "redirected";

/** Opens a page as the role; every problem the browser sees is collected. */
async function visitPage(
  role: Role,
  path: string,
  options: { audit: boolean; hydrates: boolean },
): Promise<Outcome> {
  const tab = tabOf(role);
  const { page } = tab;
  const seen = { problems: [] as string[], subresources: [] as string[] };
  tab.seen = seen;
  try {
    const response = await page.goto(appUrl(path));
    await page.waitForLoadState("networkidle");
    const status = response?.status() ?? 0;
    const landed = new URL(page.url()).pathname;
    const outcome = pageOutcome(role, path, status, landed);
    // A refused page is still a page: it must hydrate (unless it is plain HTML) and be clean.
    if (options.hydrates) {
      await page.waitForFunction(() => "__remixRouter" in window, null, { timeout: 10_000 });
    } else {
      expect(await page.evaluate(() => "__remixRouter" in window), `${path} hydrated`).toBe(false);
    }
    // Roles see nearly the same markup, and axe takes seconds: once per route.
    if (outcome === "shown" && options.audit) {
      // Only violations are read: axe then skips listing every passing node (large tables).
      const axe = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
      for (const v of axe.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          seen.problems.push(`axe ${v.impact}: ${v.id}: ${v.help} (${v.nodes.length})`);
        }
      }
    }
    // Chromium logs the 403 of a refused page itself; that one is expected.
    const expected = "Failed to load resource: the server responded with a status of 403";
    const problems =
      status === 403 ? seen.problems.filter((p) => !p.includes(expected)) : seen.problems;
    expect([...problems, ...seen.subresources], `${role} on ${path}`).toEqual([]);
    return outcome;
  } finally {
    // Unwatched, the page leaves: what it still had in flight is cancelled, not counted.
    tab.seen = null;
    await page.goto("about:blank");
  }
}

function pageOutcome(role: Role, path: string, status: number, landed: string): Outcome {
  const refusal =
    role === "anonymous"
      ? status === 200 &&
        landed === "/staff/sign-in" &&
        path.startsWith("/staff") &&
        !path.startsWith("/staff/sign-in")
      : status === 403;
  if (refusal) return "refused";
  if (status < 200 || status > 299) {
    throw new Error(`${role} on ${path}: status ${status} at ${landed}`);
  }
  // A loader may send elsewhere (signed in, the sign-in page goes to /staff): that page is
  // visited on its own, and this route must still be shown to some role.
  return landed === new URL(appUrl(path)).pathname ? "shown" : "redirected";
}

async function fetchResource(role: Role, id: string, path: string): Promise<Outcome> {
  const expectation = resourceExpectations[id];
  if (!expectation) {
    throw new Error(
      `${id} is a resource route with no entry in resourceExpectations: say what it answers.`,
    );
  }
  const { context } = tabOf(role);
  const token = role === "anonymous" ? null : fixtures.apiTokens[role];
  // A new connection for each: the client does not retry, as browsers do, a request on a kept-alive
  // connection that the server closed as idle while the roles' pages were being visited.
  const headers: Record<string, string> = {
    Connection: "close",
    ...(path.startsWith("/api/") && token ? { Authorization: `Bearer ${token}` } : {}),
  };
  const response = await context.request.get(appUrl(path), { headers, maxRedirects: 0 });
  const outcome = resourceOutcome(role, path, response);
  if (outcome === "refused") return outcome;
  const what = `${role} on ${path}`;
  if ("redirectTo" in expectation) {
    expect(response.status(), what).toBeGreaterThanOrEqual(300);
    expect(response.status(), what).toBeLessThan(400);
    expect(response.headers().location, what).toBe(expectation.redirectTo);
  } else {
    expect(response.status(), `${what}: ${await response.text()}`).toBeGreaterThanOrEqual(200);
    expect(response.status(), what).toBeLessThan(300);
    expect(response.headers()["content-type"], what).toMatch(expectation.contentType);
    expect((await response.body()).byteLength, what).toBeGreaterThan(0);
  }
  return "shown";
}

function resourceOutcome(role: Role, path: string, response: APIResponse): "refused" | null {
  const status = response.status();
  if (role === "anonymous") {
    if (path.startsWith("/api/") && status === 401) return "refused";
    const location = response.headers().location ?? "";
    const signIn = new URL(location, appUrl()).pathname === "/staff/sign-in";
    if (path.startsWith("/staff/") && status === 302 && signIn) return "refused";
    return null;
  }
  return status === 403 ? "refused" : null;
}

const visits = routeVisits();

/** The route as the role, checked as that role may see it; axe runs when `audit` and it is shown. */
async function visitAs(visit: RouteVisit, role: Role, audit: boolean): Promise<Outcome> {
  const url = visit.url(fixtures);
  const id = visit.ids.find((i) => kindOf(i) === visit.kind) ?? visit.ids.join(" + ");
  const outcome =
    visit.kind === "page"
      ? await visitPage(role, url, { audit, hydrates: builtRoutes[id]?.hydrates ?? true })
      : await fetchResource(role, id, url);
  if (role === "admin") expect(outcome, `admin refused on ${url}`).not.toBe("refused");
  const publicPath = !url.startsWith("/staff") && !url.startsWith("/api/");
  if (role === "anonymous" && publicPath) expect(outcome, `anonymous on ${url}`).toBe("shown");
  return outcome;
}

describe("every route, as every role", () => {
  it("finds the routes in the build", () => {
    expect(visits.length).toBeGreaterThan(30);
  });

  for (const visit of visits) {
    const name = visit.ids.join(" + ");
    describe(name, () => {
      if (visit.kind === "post-only") {
        it("only takes POST (no page, no loader): nothing to visit", () => {
          expect(visit.ids.map(kindOf)).not.toContain("page");
        });
        return;
      }
      // The roles at once, each in its own browser context: the visits only read, and one after
      // another they made this the suite's longest file by far.
      describe.concurrent("as each role", () => {
        for (const role of roles) {
          it(`as ${role}`, async () => {
            const outcome = await visitAs(visit, role, role === "admin");
            if (outcome === "shown") shownTo.set(name, [...(shownTo.get(name) ?? []), role]);
          }, 180_000);
        }
      });
      it("was shown to some role at its own address, and audited", async () => {
        const shown = roles.filter((role) => shownTo.get(name)?.includes(role));
        expect(shown).not.toEqual([]);
        // Axe ran as admin; a page admins are sent on from (the sign-in page) is audited as the
        // first role that sees it.
        const auditor = shown[0];
        if (visit.kind === "page" && auditor && auditor !== "admin") {
          await visitAs(visit, auditor, true);
        }
      }, 180_000);
    });
  }
});

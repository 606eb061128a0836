import type { AppLoadContext } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { createApiToken } from "~/auth/api-tokens.server";
import { createStaffUser } from "~/auth/staff-users.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { spreadsheetCsv } from "~/lib/api.server";
import type { ImportReport } from "~/positions/position-import.server";
import { tallyAsks } from "~/positions/tally.server";
import {
  action as asksAction,
  loader as asksLoader,
} from "~/routes/api.v1.campaigns.$campaign.asks";
import {
  action as positionsAction,
  loader as positionsLoader,
} from "~/routes/api.v1.campaigns.$campaign.asks.$ask.positions";
import { loader as tallyLoader } from "~/routes/api.v1.campaigns.$campaign.asks.$ask.tally";
import { loader as campaignPageLoader } from "~/routes/c.$campaign";
import { loader as askPageLoader } from "~/routes/c.$campaign_.asks.$ask";
import { testContext } from "../setup/load-context";
import { outcome } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
const tokens = { viewer: "", editor: "" };
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor"] as const) {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: `positions-api-${role}@example.org`, role, password: "a long enough password" },
    );
    ({ token: tokens[role] } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: role },
    ));
  }
});
afterAll(() => database.drop());

// ---------------------------------------------------------------------------
// Requests

interface ApiRequestInit {
  token?: string;
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** A request to /api/v1/campaigns/<path>; a body makes it a POST. */
function apiRequest(path: string, init: ApiRequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return new Request(`http://localhost/api/v1/campaigns/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body,
    // Node needs this to send a stream as a request body.
    duplex: "half",
  } as RequestInit);
}

interface ApiIssueBody {
  path: Array<string | number>;
  message: string;
}

/** The JSON fields the tests read; every error body has `error`. */
interface ApiBody extends Partial<ImportReport> {
  error?: string;
  issues?: ApiIssueBody[];
  [field: string]: unknown;
}

async function send(run: () => Promise<unknown>) {
  const result = await outcome(run);
  const response = result.response;
  if (!response) throw new Error("API routes answer with a Response");
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text();
  const body = (type.startsWith("application/json") ? JSON.parse(text) : {}) as ApiBody;
  return { status: response.status, type, text, body };
}

const asksPath = `${demoCampaignSlug}/asks`;
const campaignParams = { campaign: demoCampaignSlug };

function postAsk(body: unknown, token = tokens.editor) {
  return send(() =>
    asksAction({
      request: apiRequest(asksPath, {
        token,
        body: JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      }),
      params: campaignParams,
      context,
    }),
  );
}

/** Creates an ask through the API so each scenario counts only its own positions. */
async function newAsk(slug: string, rule: string) {
  const created = await postAsk({ slug, title: `Test ask ${slug}`, rule });
  expect(created.status).toBe(201);
}

function importPositions(
  ask: string,
  body: BodyInit,
  options: { contentType?: string; dryRun?: boolean; token?: string; length?: number } = {},
) {
  const headers: Record<string, string> = {
    "Content-Type": options.contentType ?? "text/csv; charset=utf-8",
  };
  if (options.length !== undefined) headers["Content-Length"] = String(options.length);
  const query = options.dryRun ? "?dryRun=1" : "";
  return send(() =>
    positionsAction({
      request: apiRequest(`${asksPath}/${ask}/positions${query}`, {
        token: options.token ?? tokens.editor,
        body,
        headers,
      }),
      params: { ...campaignParams, ask },
      context,
    }),
  );
}

async function importOk(ask: string, csv: string) {
  const result = await importPositions(ask, csv);
  expect(result.body.errors).toEqual([]);
  expect(result.status).toBe(200);
}

interface TallyBody {
  rule: string;
  asOf: string;
  members: number;
  needed: number | null;
  yes: number;
  no: number;
  abstain: number;
  undecided: number;
  outcome: string;
  missing: number | null;
  vetoedBy: string[];
  projected: { outcome: string; missing: number | null; vetoedBy: string[] };
  swing: string[];
  coSigners: string[];
  summary: string;
}

async function tally(ask: string, asOf: string, token: string | undefined = tokens.viewer) {
  const result = await send(() =>
    tallyLoader({
      request: apiRequest(`${asksPath}/${ask}/tally?asOf=${asOf}`, { token }),
      params: { ...campaignParams, ask },
      context,
    }),
  );
  return { ...result, tally: result.body as unknown as TallyBody };
}

function getPositions(
  ask: string,
  query = "",
  headers: Record<string, string> = {},
  token?: string,
) {
  return send(() =>
    positionsLoader({
      request: apiRequest(`${asksPath}/${ask}/positions${query}`, {
        token: token ?? tokens.viewer,
        headers,
      }),
      params: { ...campaignParams, ask },
      context,
    }),
  );
}

async function storedEvents(): Promise<number> {
  const [row] = await database.sql`select count(*)::int as count from position_events`;
  return row?.count as number;
}

const header = "state,stance,observed_on,source_url,evidence,visibility";
const csv = (...rows: string[]) => `${[header, ...rows].join("\n")}\n`;
const supportsRow = (iso3: string, day = "2026-06-01") =>
  `${iso3},supports,${day},https://example.org/statements/${iso3},,public`;

// ---------------------------------------------------------------------------

describe("GET/POST /api/v1/campaigns/:campaign/asks", () => {
  it("lists the campaign's asks in order for a viewer token", async () => {
    const result = await send(() =>
      asksLoader({
        request: apiRequest(asksPath, { token: tokens.viewer }),
        params: campaignParams,
        context,
      }),
    );
    expect(result.status).toBe(200);
    const { asks } = result.body as { asks: Array<{ slug: string; rule: string }> };
    expect(asks.slice(0, 4).map((ask) => [ask.slug, ask.rule])).toEqual([
      ["hrc-special-session", "hrc_special_session"],
      ["unsc-icc-referral", "unsc_substantive"],
      ["accountability-mechanism", "unga_resolution"],
      ["universal-jurisdiction", "state_action"],
    ]);
  });

  it("creates an ask for an editor token: 201 with the ask", async () => {
    const created = await postAsk({
      slug: "ga-fact-finding",
      title: "General Assembly: a fact-finding mission",
      rule: "unga_resolution",
      decidesOn: "2026-12-10",
      importantQuestion: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      slug: "ga-fact-finding",
      title: "General Assembly: a fact-finding mission",
      description: "",
      rule: "unga_resolution",
      body: "unga",
      decidesOn: "2026-12-10",
      importantQuestion: true,
      // After the demo's five asks, and open.
      order: 5,
      retired: false,
      retiredAt: null,
    });
  });

  it("answers 400 naming each invalid field, and creates nothing", async () => {
    const refused = await postAsk({
      slug: "Not A Slug",
      title: "",
      rule: "majority",
      decidesOn: "2026-02-30",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual(expect.any(String));
    expect(refused.body.issues?.map((issue) => issue.path)).toEqual([
      ["slug"],
      ["title"],
      ["rule"],
      ["decidesOn"],
    ]);
    expect(refused.body.issues?.[2]?.message).toMatch(/rule must be one of hrc_special_session/);
  });

  it("answers 400 for a body that is not JSON and 415 for another media type", async () => {
    for (const [contentType, status] of [
      ["application/json", 400],
      ["text/plain", 415],
    ] as const) {
      const result = await send(() =>
        asksAction({
          request: apiRequest(asksPath, {
            token: tokens.editor,
            body: "{slug: oops",
            headers: { "Content-Type": contentType },
          }),
          params: campaignParams,
          context,
        }),
      );
      expect(result.status).toBe(status);
      expect(result.body.error).toEqual(expect.any(String));
    }
  });

  it("answers 409 for a slug the campaign already uses", async () => {
    const duplicate = await postAsk({
      slug: "hrc-special-session",
      title: "Another special session",
      rule: "hrc_special_session",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatch(/already has an ask "hrc-special-session"/);
  });

  it("needs an editor token: 403 for a viewer, 401 without a token", async () => {
    const ask = { slug: "viewer-ask", title: "Viewer's ask", rule: "state_action" };
    expect((await postAsk(ask, tokens.viewer)).status).toBe(403);
    const anonymous = await postAsk(ask, "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatch(/Bearer/);
  });

  it("answers 404 in JSON for an unknown campaign", async () => {
    for (const run of [
      () =>
        asksLoader({
          request: apiRequest("no-such-campaign/asks", { token: tokens.viewer }),
          params: { campaign: "no-such-campaign" },
          context,
        }),
      () =>
        asksAction({
          request: apiRequest("no-such-campaign/asks", {
            token: tokens.editor,
            body: "{}",
            headers: { "Content-Type": "application/json" },
          }),
          params: { campaign: "no-such-campaign" },
          context,
        }),
    ]) {
      const result = await send(run);
      expect(result.status).toBe(404);
      expect(result.body.error).toMatch(/no campaign "no-such-campaign"/);
    }
  });
});

describe("POST /api/v1/campaigns/:campaign/asks/:ask/positions", () => {
  it("checks a CSV in a dry run without storing it, then imports it", async () => {
    await newAsk("import-check", "state_action");
    const upload = csv(
      supportsRow("FRA", "2026-05-01"),
      "Germany,leaning support,2026-05-02,,Minister's speech,",
    );
    const before = await storedEvents();

    const dryRun = await importPositions("import-check", upload, { dryRun: true });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ dryRun: true, applied: false, errors: [] });
    expect(dryRun.body.rows).toMatchObject([
      { line: 2, iso3: "FRA", from: "no_information", to: "supports", changes: true },
      { line: 3, iso3: "DEU", to: "leaning_support", visibility: "internal" },
    ]);
    expect(await storedEvents()).toBe(before);

    const applied = await importPositions("import-check", upload);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ dryRun: false, applied: true, errors: [] });
    expect(await storedEvents()).toBe(before + 2);

    const again = await importPositions("import-check", upload, { dryRun: true });
    expect(again.body.rows?.[0]).toMatchObject({ from: "supports", changes: false });
  });

  it("imports JSON rows through the same validator, naming rows in its errors", async () => {
    await newAsk("json-import", "state_action");
    const before = await storedEvents();
    const rows = [
      {
        state: "NOR",
        stance: "supports",
        observed_on: "2026-05-01",
        evidence: "Statement\nin two paragraphs",
      },
      { state: "SWE", stance: "perhaps", observed_on: "2026-05-01", source_url: "ftp://x" },
    ];
    const refused = await importPositions("json-import", JSON.stringify({ rows }), {
      contentType: "application/json",
    });
    expect(refused.status).toBe(422);
    // The first row's evidence spans lines 2-3, so the second row starts on line 4.
    expect(refused.body.errors).toMatchObject([
      { line: 4, row: 1, column: "stance", message: expect.stringMatching(/Unknown stance/) },
      { line: 4, row: 1, column: "source_url" },
    ]);
    expect(await storedEvents()).toBe(before);

    const accepted = await importPositions(
      "json-import",
      JSON.stringify({
        rows: [rows[0], { ...rows[1], stance: "opposes", source_url: null, evidence: "Vote" }],
      }),
      { contentType: "application/json" },
    );
    expect(accepted.body.errors).toEqual([]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.rows).toMatchObject([
      { line: 2, row: 0, iso3: "NOR" },
      { line: 4, row: 1, iso3: "SWE", to: "opposes" },
    ]);
    expect(await storedEvents()).toBe(before + 2);
  });

  it("answers 415 for another media type and 400 for malformed JSON", async () => {
    const xml = await importPositions("import-check", "<rows/>", { contentType: "text/xml" });
    expect(xml.status).toBe(415);
    const broken = await importPositions("import-check", "{rows:", {
      contentType: "application/json",
    });
    expect(broken.status).toBe(400);
    const shape = await importPositions("import-check", JSON.stringify({ rows: [{ state: 5 }] }), {
      contentType: "application/json",
    });
    expect(shape.status).toBe(400);
    expect(shape.body.issues?.[0]?.path).toEqual(["rows", 0, "state"]);
  });

  const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
  const badUploads = [
    {
      problem: "an unknown state",
      body: csv(supportsRow("FRA"), supportsRow("Atlantis")),
      errors: [
        { line: 3, column: "state", message: expect.stringMatching(/Unknown state "Atlantis"/) },
      ],
    },
    {
      problem: "a date that does not exist",
      body: csv(supportsRow("FRA"), supportsRow("DEU"), supportsRow("ITA", "2026-02-30")),
      errors: [{ line: 4, column: "observed_on", message: expect.stringMatching(/date like/) }],
    },
    {
      problem: "an unknown stance",
      body: csv("FRA,maybe,2026-06-01,https://example.org/fra,,public"),
      errors: [
        { line: 2, column: "stance", message: expect.stringMatching(/Unknown stance "maybe"/) },
      ],
    },
    {
      problem: "Latin-1 text",
      body: latin1(
        csv(supportsRow("FRA"), "Côte d'Ivoire,supports,2026-06-01,,Déclaration,public"),
      ),
      errors: [{ line: 3, message: expect.stringMatching(/not UTF-8/) }],
    },
    {
      problem: "a formula",
      body: csv(
        supportsRow("FRA"),
        supportsRow("DEU"),
        'ITA,supports,2026-06-01,,"=HYPERLINK(""https://evil.example"",""Open"")",public',
      ),
      errors: [{ line: 4, column: "evidence", message: expect.stringMatching(/formula/) }],
    },
  ];

  for (const upload of badUploads) {
    it(`refuses a CSV with ${upload.problem}: 422, the line, nothing stored`, async () => {
      const before = await storedEvents();
      const result = await importPositions("import-check", upload.body);
      expect(result.status).toBe(422);
      expect(result.body.error).toMatch(/nothing was stored/);
      expect(result.body).toMatchObject({ applied: false, errors: upload.errors });
      expect(await storedEvents()).toBe(before);
    });
  }

  /** A CSV body of `totalBytes`, produced chunk by chunk as it is read. */
  function lazyCsvStream(totalBytes: number) {
    const chunk = new TextEncoder().encode(`${supportsRow("FRA")}\n`.repeat(1000));
    let produced = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= totalBytes) return controller.close();
        produced += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { stream, produced: () => produced };
  }

  it("refuses a 50 MB body with 413, reading no more than the 5 MB limit", async () => {
    const before = await storedEvents();
    const upload = lazyCsvStream(50 * 1024 * 1024);
    const result = await importPositions("import-check", upload.stream);
    expect(result.status).toBe(413);
    expect(result.body.error).toMatch(/larger than 5 MB/);
    expect(upload.produced()).toBeLessThan(6 * 1024 * 1024);
    expect(await storedEvents()).toBe(before);
  });

  it("refuses a declared Content-Length over 5 MB before reading the body", async () => {
    const upload = lazyCsvStream(50 * 1024 * 1024);
    const result = await importPositions("import-check", upload.stream, {
      length: 50 * 1024 * 1024,
    });
    expect(result.status).toBe(413);
    expect(upload.produced()).toBeLessThan(1024 * 1024);
  });

  it("needs an editor token and a known ask", async () => {
    const upload = csv(supportsRow("FRA"));
    expect((await importPositions("import-check", upload, { token: tokens.viewer })).status).toBe(
      403,
    );
    const unknown = await importPositions("no-such-ask", upload);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/has no ask "no-such-ask"/);
  });
});

describe("GET /api/v1/campaigns/:campaign/asks/:ask/tally", () => {
  const hrcCohort2024 = ["ALB", "BRA", "BGR", "BDI", "CHN", "CIV", "CUB", "DOM", "FRA", "GHA"];
  const fifteenHrcMembers = [...hrcCohort2024, "IDN", "JPN", "KWT", "MWI", "NLD"];

  it("counts special session requests by HRC members; non-members co-sign but do not count", async () => {
    await importOk(
      "hrc-special-session",
      csv(...[...fifteenHrcMembers, "CAN", "DEU"].map((iso3) => supportsRow(iso3))),
    );
    const short = await tally("hrc-special-session", "2026-06-01");
    expect(short.status).toBe(200);
    expect(short.tally).toMatchObject({
      rule: "hrc_special_session",
      asOf: "2026-06-01",
      members: 47,
      needed: 16,
      yes: 15,
      no: 0,
      undecided: 32,
      outcome: "short",
      missing: 1,
      vetoedBy: [],
      coSigners: ["CAN", "DEU"],
      summary:
        "15 of the 16 HRC members needed have asked for a special session, with 2 non-member co-signers.",
    });
    expect(short.tally.swing).toHaveLength(32);
    expect(short.tally.swing).not.toContain("FRA");

    await importOk("hrc-special-session", csv(supportsRow("ESP")));
    const reached = await tally("hrc-special-session", "2026-06-01");
    expect(reached.tally).toMatchObject({ yes: 16, outcome: "reached", missing: null });
    expect(reached.tally.projected).toEqual({ outcome: "reached", missing: null, vetoedBy: [] });

    const earlier = await tally("hrc-special-session", "2026-05-31");
    expect(earlier.tally).toMatchObject({ yes: 0, outcome: "short", missing: 16 });
  });

  it("counts a member whose term ends on 31 December on that day, not on 1 January", async () => {
    await newAsk("hrc-year-end", "hrc_special_session");
    await importOk("hrc-year-end", csv(supportsRow("ALB"), supportsRow("ESP")));
    const lastDay = await tally("hrc-year-end", "2026-12-31");
    expect(lastDay.tally).toMatchObject({ members: 47, yes: 2, coSigners: [] });
    const newYear = await tally("hrc-year-end", "2027-01-01");
    // Only the 2025-2027 and 2026-2028 cohorts sit on 1 January 2027 in the reference data.
    expect(newYear.tally).toMatchObject({ members: 32, needed: 11, yes: 1, coSigners: ["ALB"] });
  });

  it("reports a Security Council veto: 9 yes and a permanent member's no", async () => {
    const yes = ["FRA", "GBR", "USA", "DNK", "GRC", "PAN", "COL", "LVA", "LBR"];
    await importOk(
      "unsc-icc-referral",
      csv(
        ...yes.map((iso3) => `${iso3},yes,2026-06-01,https://example.org/vote,,public`),
        "RUS,no,2026-06-01,https://example.org/vote,,public",
        "CHN,abstain,2026-06-01,https://example.org/vote,,public",
      ),
    );
    const vote = await tally("unsc-icc-referral", "2026-06-01");
    expect(vote.tally).toMatchObject({
      rule: "unsc_substantive",
      members: 15,
      needed: 9,
      yes: 9,
      no: 1,
      abstain: 1,
      undecided: 4,
      outcome: "vetoed",
      missing: null,
      vetoedBy: ["RUS"],
      projected: { outcome: "vetoed", vetoedBy: ["RUS"] },
      summary: "9 votes in favour (9 needed); vetoed by Russia.",
    });
  });

  it("loads what asks share once: the states, positions per day, members per body and day", async () => {
    let queries = 0;
    const counted = drizzle(database.sql, {
      schema,
      logger: {
        logQuery: () => {
          queries += 1;
        },
      },
    });
    const asks = (await getCampaignWithAsks(database.db, demoCampaignSlug))?.asks ?? [];
    const bodies = new Set(asks.flatMap((ask) => (ask.bodyCode ? [ask.bodyCode] : [])));
    expect(asks.length).toBeGreaterThan(bodies.size);
    const tallies = await tallyAsks(counted, asks, { audience: "staff", asOf: "2026-06-01" });
    expect(tallies.map((t) => t.askSlug)).toEqual(asks.map((ask) => ask.slug));
    // The states, the positions on the one shared day, and each deciding body's members.
    expect(queries).toBe(2 + bodies.size);

    // Each tally carries the rows it counted, so pages need not query them again.
    const council = tallies.find((t) => t.askSlug === "unsc-icc-referral");
    expect(council?.members).toHaveLength(15);
    expect(council?.nonMembers).toHaveLength(180);
    expect(council?.members.find((m) => m.iso3 === "RUS")).toMatchObject({
      name: "Russia",
      permanent: true,
      position: "no",
      observedOn: "2026-06-01",
    });
    const germany = council?.nonMembers.find((m) => m.iso3 === "DEU");
    expect(germany?.position).toBe("no_information");
    expect(germany?.observedOn).toBeUndefined();
  });

  it("has no threshold for a state action", async () => {
    const result = await tally("import-check", "2026-06-01");
    expect(result.tally).toMatchObject({
      rule: "state_action",
      members: 193,
      needed: null,
      outcome: "not_applicable",
      projected: { outcome: "not_applicable" },
    });
  });

  it("answers 400 for a bad asOf, 404 for an unknown ask, 401 without a token", async () => {
    const badDate = await tally("hrc-special-session", "2026-02-30");
    expect(badDate.status).toBe(400);
    expect(badDate.body.issues?.[0]).toMatchObject({ path: ["asOf"] });
    expect((await tally("no-such-ask", "2026-06-01")).status).toBe(404);
    expect((await tally("hrc-special-session", "2026-06-01", "")).status).toBe(401);
  });
});

describe("internal observations", () => {
  const secretEvidence = "Confidential: the ambassador will co-sponsor if asked privately";
  const secretSource = "https://intranet.example.org/cables/7731";

  async function publicCampaignPage(): Promise<string> {
    const result = await outcome(() =>
      campaignPageLoader({
        request: new Request(`http://localhost/c/${demoCampaignSlug}`),
        params: campaignParams,
        context,
      }),
    );
    expect(result.status).toBe(200);
    return JSON.stringify(result.body);
  }

  /** The ask's own public page: its map and table. */
  async function publicAskPage(ask: string): Promise<string> {
    const result = await outcome(() =>
      askPageLoader({
        request: new Request(`http://localhost/c/${demoCampaignSlug}/asks/${ask}`),
        params: { ...campaignParams, ask },
        context,
      }),
    );
    expect(result.status).toBe(200);
    return JSON.stringify(result.body);
  }

  /** Objects in the page data that name Norway (as a value or a key) must not say "supports". */
  function norwayShows(json: unknown, found: unknown[] = []): unknown[] {
    if (Array.isArray(json)) for (const item of json) norwayShows(item, found);
    else if (json && typeof json === "object") {
      const entries = Object.entries(json);
      if (entries.some(([key, value]) => key === "NOR" || value === "NOR" || value === "Norway")) {
        found.push(json);
      }
      for (const [, value] of entries) norwayShows(value, found);
    }
    return found;
  }

  it("count in the staff API tally but never reach the public page or anonymous requests", async () => {
    const ask = "accountability-mechanism";
    const publicBefore = await publicCampaignPage();
    const askPageBefore = await publicAskPage(ask);
    await importOk(
      ask,
      csv(`NOR,supports,2026-06-01,${secretSource},"${secretEvidence}",internal`),
    );

    const staffTally = await tally(ask, "2026-06-01");
    // One yes against no no is a majority of those present and voting.
    expect(staffTally.tally).toMatchObject({ yes: 1, no: 0, outcome: "reached" });
    const staffPositions = await getPositions(ask, "?asOf=2026-06-01");
    expect(JSON.stringify(staffPositions.body)).toContain('"state":"NOR"');
    expect(staffPositions.text).toMatch(/"state":"NOR","name":"Norway","position":"supports"/);

    const publicAfter = await publicCampaignPage();
    expect(publicAfter).toBe(publicBefore);
    expect(publicAfter).not.toContain(secretEvidence);
    expect(publicAfter).not.toContain(secretSource);
    for (const shown of norwayShows(JSON.parse(publicAfter))) {
      expect(JSON.stringify(shown)).not.toContain("supports");
    }
    const askPageAfter = await publicAskPage(ask);
    expect(askPageAfter).toBe(askPageBefore);
    expect(askPageAfter).not.toContain(secretEvidence);
    for (const shown of norwayShows(JSON.parse(askPageAfter))) {
      expect(JSON.stringify(shown)).not.toContain("supports");
    }

    const anonymous = [
      await tally(ask, "2026-06-01", ""),
      await getPositions(ask, "?asOf=2026-06-01", {}, ""),
      await getPositions(ask, "?format=csv", {}, ""),
      await send(() =>
        asksLoader({ request: apiRequest(asksPath), params: campaignParams, context }),
      ),
    ];
    for (const result of anonymous) {
      expect(result.status).toBe(401);
      expect(result.text).not.toContain(secretEvidence);
      expect(result.text).not.toContain("NOR");
    }
  });
});

describe("GET /api/v1/campaigns/:campaign/asks/:ask/positions", () => {
  it("lists every member state as JSON, with no_information where nothing is known", async () => {
    const result = await getPositions("import-check", "?asOf=2026-06-01");
    expect(result.status).toBe(200);
    const { asOf, positions } = result.body as {
      asOf: string;
      positions: Array<{
        state: string;
        name: string;
        position: string;
        observedOn: string | null;
      }>;
    };
    expect(asOf).toBe("2026-06-01");
    expect(positions).toHaveLength(193);
    expect(positions).toContainEqual({
      state: "FRA",
      name: "France",
      position: "supports",
      observedOn: "2026-05-01",
    });
    expect(positions).toContainEqual({
      state: "BRA",
      name: "Brazil",
      position: "no_information",
      observedOn: null,
    });

    const before = await getPositions("import-check", "?asOf=2026-04-30");
    expect(JSON.stringify(before.body)).not.toContain('"position":"supports"');
  });

  it("includes an observer state once it has a position", async () => {
    await importOk("json-import", csv(supportsRow("PSE", "2026-05-01")));
    const result = await getPositions("json-import");
    const { positions } = result.body as { positions: Array<{ state: string }> };
    expect(positions).toHaveLength(194);
    expect(positions.map((p) => p.state)).toContain("PSE");
    expect(positions.map((p) => p.state)).not.toContain("VAT");
  });

  it("exports CSV in the import's columns, by Accept header or ?format=csv", async () => {
    for (const [query, headers] of [
      ["?asOf=2026-06-01", { Accept: "text/csv" }],
      ["?asOf=2026-06-01&format=csv", {}],
    ] as const) {
      const result = await getPositions("import-check", query, headers);
      expect(result.status).toBe(200);
      expect(result.type).toBe("text/csv; charset=utf-8");
      expect(result.text.split("\n")[0]).toBe("state,stance,observed_on");
      const rows = parse(result.text, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(193);
      expect(rows).toContainEqual({ state: "FRA", stance: "supports", observed_on: "2026-05-01" });
      expect(rows).toContainEqual({
        state: "DEU",
        stance: "leaning_support",
        observed_on: "2026-05-02",
      });
      expect(rows).toContainEqual({ state: "BRA", stance: "no_information", observed_on: "" });
    }
  });

  it("answers 400 for an unknown format", async () => {
    const result = await getPositions("import-check", "?format=xlsx");
    expect(result.status).toBe(400);
    expect(result.body.issues?.[0]?.path).toEqual(["format"]);
  });
});

describe("spreadsheet CSV", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    const cells = ['=HYPERLINK("https://evil.example","Open")', "+1", "-1+2", "@SUM(A1)", "FRA"];
    const text = spreadsheetCsv(
      ["cell"],
      cells.map((cell) => ({ cell })),
    );
    const rows = parse(text, { columns: true }) as Array<{ cell: string }>;
    expect(rows.map((row) => row.cell)).toEqual([
      `'=HYPERLINK("https://evil.example","Open")`,
      "'+1",
      "'-1+2",
      "'@SUM(A1)",
      "FRA",
    ]);
  });
});

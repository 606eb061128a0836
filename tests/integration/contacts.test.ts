import type { AppLoadContext } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, stateContacts } from "#db/schema";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import type { Actor } from "~/audit/audit-log.server";
import { createApiToken } from "~/auth/api-tokens.server";
import type { StaffRole } from "~/auth/roles";
import { exportContactsCsv, importContacts } from "~/contacts/contact-import.server";
import {
  type ContactAvailableHook,
  type ContactInput,
  contactFor,
  deleteContact,
  upsertContact,
} from "~/contacts/contacts.server";
import { action as contactsApiAction, loader as contactsApiLoader } from "~/routes/api.v1.contacts";
import { loader as listLoader } from "~/routes/staff.contacts._index";
import { action as stateAction, loader as stateLoader } from "~/routes/staff.contacts.$state";
import { action as importAction } from "~/routes/staff.contacts.import";
import { loader as csvLoader } from "~/routes/staff.contacts[.]csv";
import { testContext } from "../setup/load-context";
import {
  outcome,
  type SignedInStaff,
  signedInStaff,
  staffGet,
  staffPost,
} from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
const staff = {} as Record<StaffRole, SignedInStaff>;
const tokens = {} as Record<StaffRole, string>;
let context: AppLoadContext;
const cli: Actor = { kind: "cli" };

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  for (const role of ["viewer", "editor", "admin"] as const) {
    staff[role] = await signedInStaff(database.db, role);
    const created = await createApiToken(database.db, cli, {
      userId: staff[role].user.id,
      name: role,
    });
    tokens[role] = created.token;
  }
});
afterAll(() => database.drop());

const ministry: ContactInput = {
  stateIso3: "FRA",
  kind: "ministry",
  name: "Ministère de l'Europe et des Affaires étrangères",
  emails: ["ministry.fra@test.example.org"],
  salutations: { en: "Excellency", fr: "Excellence" },
  language: "fr",
  timeZone: "Europe/Paris",
  verifiedBy: "Ana",
  verifiedOn: "2026-01-10",
};

async function contactCount(): Promise<number> {
  const [row] = await database.sql`select count(*)::int as n from state_contacts`;
  return row?.n as number;
}

async function auditOf(contactId: number) {
  return database.db
    .select({ action: auditEvents.action, details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(eq(auditEvents.entityType, "state_contact"), eq(auditEvents.entityId, String(contactId))),
    )
    .orderBy(auditEvents.id);
}

describe("upsertContact", () => {
  it("creates, then updates, recording each change in the audit log", async () => {
    const first = await upsertContact(database.db, cli, ministry);
    expect(first.created).toBe(true);
    const second = await upsertContact(database.db, cli, {
      ...ministry,
      emails: ["a@test.example.org", "b@test.example.org"],
    });
    expect(second).toMatchObject({ created: false, contact: { id: first.contact.id } });
    expect(second.contact.updatedAt.getTime()).toBeGreaterThanOrEqual(
      first.contact.updatedAt.getTime(),
    );
    expect((await contactFor(database.db, "fra", "ministry"))?.emails).toEqual([
      "a@test.example.org",
      "b@test.example.org",
    ]);
    expect(await auditOf(first.contact.id)).toEqual([
      expect.objectContaining({ action: "contact.create" }),
      {
        action: "contact.update",
        details: { stateIso3: "FRA", kind: "ministry", changed: ["emails"] },
      },
    ]);
  });

  it.each([
    ["a line break in the name", { name: "Ministry\r\nBcc: someone@example.org" }],
    ["no address", { emails: [] }],
    ["a bad address", { emails: ["not an address"] }],
    ["six addresses", { emails: [1, 2, 3, 4, 5, 6].map((n) => `m${n}@example.org`) }],
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }],
    ["a verification in the future", { verifiedOn: "2999-01-01" }],
  ])("refuses %s and stores nothing", async (_case, change) => {
    const before = await contactCount();
    await expect(
      upsertContact(database.db, cli, { ...ministry, stateIso3: "ESP", ...change }),
    ).rejects.toThrow();
    expect(await contactCount()).toBe(before);
  });

  it("calls onContactAvailable inside the saving transaction", async () => {
    const calls: unknown[] = [];
    const hook: ContactAvailableHook = async (tx, contact) => {
      const inside = await tx
        .select({ id: stateContacts.id })
        .from(stateContacts)
        .where(eq(stateContacts.id, contact.contactId));
      // Another connection cannot see the contact yet: it is not committed.
      const outside =
        await database.sql`select id from state_contacts where id = ${contact.contactId}`;
      calls.push({ contact, inside: inside.length, outside: outside.length });
    };
    const { contact } = await upsertContact(
      database.db,
      cli,
      { ...ministry, stateIso3: "DEU", kind: "geneva" },
      { onContactAvailable: hook },
    );
    expect(calls).toEqual([
      {
        contact: { stateIso3: "DEU", kind: "geneva", contactId: contact.id },
        inside: 1,
        outside: 0,
      },
    ]);
  });

  it("rolls the contact back when the hook fails", async () => {
    const failing: ContactAvailableHook = async () => {
      throw new Error("queue unavailable");
    };
    await expect(
      upsertContact(
        database.db,
        cli,
        { ...ministry, stateIso3: "ITA" },
        { onContactAvailable: failing },
      ),
    ).rejects.toThrow("queue unavailable");
    expect(await contactFor(database.db, "ITA", "ministry")).toBeNull();
  });

  it("deletes with an audit entry", async () => {
    const { contact } = await upsertContact(database.db, cli, { ...ministry, stateIso3: "PRT" });
    expect(await deleteContact(database.db, cli, contact.id)).toBe(true);
    expect(await deleteContact(database.db, cli, contact.id)).toBe(false);
    expect((await auditOf(contact.id)).map((entry) => entry.action)).toEqual([
      "contact.create",
      "contact.delete",
    ]);
  });
});

const goodCsv = [
  "state,kind,name,email,salutation,language,verified_on",
  'Brazil,ministry,Ministério das Relações Exteriores,mre@test.example.org,"en: Excellency; es: Excelencia",en,2026-02-01',
  "BRA,geneva,Permanent Mission of Brazil,geneva.bra@test.example.org; desk@test.example.org,,,",
  "Kenya,new_york,Permanent Mission of Kenya,ny.ken@test.example.org,Excellency,en,",
].join("\n");

describe("importContacts", () => {
  it("stores nothing on a dry run, but reports what would happen", async () => {
    const before = await contactCount();
    const report = await importContacts(database.db, cli, goodCsv, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, applied: false, errors: [] });
    expect(report.rows.map((row) => [row.line, row.stateIso3, row.kind, row.outcome])).toEqual([
      [2, "BRA", "ministry", "created"],
      [3, "BRA", "geneva", "created"],
      [4, "KEN", "new_york", "created"],
    ]);
    expect(await contactCount()).toBe(before);
  });

  it("stores every row when applied, making each contact available", async () => {
    const available: string[] = [];
    const report = await importContacts(database.db, cli, goodCsv, {
      dryRun: false,
      onContactAvailable: async (_tx, contact) => {
        available.push(`${contact.stateIso3} ${contact.kind}`);
      },
    });
    expect(report).toMatchObject({ applied: true, errors: [] });
    expect(available).toEqual(["BRA ministry", "BRA geneva", "KEN new_york"]);
    const stored = await contactFor(database.db, "BRA", "ministry");
    expect(stored).toMatchObject({
      emails: ["mre@test.example.org"],
      salutations: { en: "Excellency", es: "Excelencia" },
      verifiedOn: "2026-02-01",
      // The importer vouches for a date given without a verifier.
      verifiedBy: "cli",
      isDemo: false,
    });
  });

  it("refuses the whole file when any line is bad, naming each line", async () => {
    const before = await contactCount();
    const csv = [
      "state,kind,name,email",
      "JPN,ministry,Ministry of Foreign Affairs of Japan,mofa@test.example.org",
      "Atlantis,ministry,Ministry,m@test.example.org",
      "JPN,embassy,Embassy,e@test.example.org",
      "JPN,geneva,Mission,not-an-address",
      'JPN,new_york,"Mission\r\nBcc: victim@example.org",ny@test.example.org',
      'MEX,ministry,"=HYPERLINK(""http://evil.example"")",sre@test.example.org',
    ].join("\r\n");
    const report = await importContacts(database.db, cli, csv, { dryRun: false });
    expect(report.applied).toBe(false);
    expect(report.errors.map((error) => [error.line, error.column])).toEqual([
      [3, "state"],
      [4, "kind"],
      [5, "email"],
      [6, "name"],
      // The quoted line break in line 6's name puts the next row on line 8.
      [8, "name"],
    ]);
    expect(report.errors[4]?.message).toMatch(/spreadsheet formula/);
    expect(await contactCount()).toBe(before);
    expect(await contactFor(database.db, "JPN", "ministry")).toBeNull();
  });

  it("reads its own export back as unchanged", async () => {
    const exported = await exportContactsCsv(database.db);
    const report = await importContacts(database.db, cli, exported, { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.rows.length).toBe(await contactCount());
    expect(new Set(report.rows.map((row) => row.outcome))).toEqual(new Set(["unchanged"]));
  });
});

describe("seedDemoContacts", () => {
  it("adds example.org contacts once, without touching saved ones", async () => {
    const first = await seedDemoContacts(database.db);
    expect(first.created).toBeGreaterThan(0);
    expect(await seedDemoContacts(database.db)).toEqual({ created: 0 });
    const demo = await database.db
      .select()
      .from(stateContacts)
      .where(eq(stateContacts.isDemo, true));
    expect(demo.every((c) => c.emails.every((e) => e.endsWith("@demo.example.org")))).toBe(true);
    // Brazil's ministry was imported above: the demo did not replace it.
    expect(await contactFor(database.db, "BRA", "ministry")).toMatchObject({ isDemo: false });
    expect(await contactFor(database.db, "FRA", "geneva")).toMatchObject({
      isDemo: true,
      verifiedBy: "demo data",
      salutations: { en: "Excellency", fr: "Excellence", es: "Excelencia" },
    });
  });
});

describe("staff pages", () => {
  it("list every state, marking those without a verified contact", async () => {
    const all = await outcome(() =>
      listLoader({ request: staffGet("/staff/contacts", staff.viewer), params: {}, context }),
    );
    expect(all.status).toBe(200);
    const { states } = all.body as Awaited<ReturnType<typeof listLoader>>;
    expect(states.length).toBeGreaterThan(190);
    expect(states.find((s) => s.iso3 === "FRA")).toMatchObject({
      missingVerified: false,
      contacts: { ministry: { status: "verified" }, geneva: { status: "demo" } },
    });
    expect(states.find((s) => s.iso3 === "TUV")).toMatchObject({
      missingVerified: true,
      contacts: { ministry: null, geneva: null, new_york: null },
    });

    const missing = await outcome(() =>
      listLoader({
        request: staffGet("/staff/contacts?kind=ministry&missing=1", staff.viewer),
        params: {},
        context,
      }),
    );
    const filtered = (missing.body as Awaited<ReturnType<typeof listLoader>>).states;
    expect(filtered.some((s) => s.iso3 === "FRA")).toBe(false);
    expect(filtered.some((s) => s.iso3 === "TUV")).toBe(true);
  });

  it("show viewers the coverage but not which staff member verified a contact", async () => {
    const fra = async (who: SignedInStaff) => {
      const result = await outcome(() =>
        listLoader({ request: staffGet("/staff/contacts", who), params: {}, context }),
      );
      const { states } = result.body as Awaited<ReturnType<typeof listLoader>>;
      return states.find((s) => s.iso3 === "FRA")?.contacts.ministry;
    };
    expect((await fra(staff.editor))?.verifiedBy).toEqual(expect.any(String));
    expect(await fra(staff.viewer)).toMatchObject({ status: "verified", verifiedBy: null });
  });

  it("let editors, not viewers, open a state's contacts", async () => {
    const request = (who: SignedInStaff) => staffGet("/staff/contacts/FRA", who);
    const params = { state: "FRA" };
    expect(
      (await outcome(() => stateLoader({ request: request(staff.viewer), params, context })))
        .status,
    ).toBe(403);
    const page = await outcome(() =>
      stateLoader({ request: request(staff.editor), params, context }),
    );
    expect(page.status).toBe(200);
    const unknown = await outcome(() =>
      stateLoader({
        request: staffGet("/staff/contacts/XXX", staff.editor),
        params: { state: "XXX" },
        context,
      }),
    );
    expect(unknown.status).toBe(404);
  });

  const form = {
    intent: "save",
    kind: "new_york",
    name: "Permanent Mission of Norway to the United Nations",
    email: "ny.nor@test.example.org\ndesk.nor@test.example.org",
    salutation: "en: Excellency",
    language: "en",
    time_zone: "America/New_York",
    postal_address: "",
    verified_on: "2026-03-01",
    verified_by: "",
  };

  it("save a contact from the form, crediting the editor with the verification", async () => {
    const saved = await outcome(() =>
      stateAction({
        request: staffPost("/staff/contacts/NOR", form, staff.editor),
        params: { state: "NOR" },
        context,
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.response?.headers.get("Location")).toBe("/staff/contacts/NOR?saved=new_york");
    expect(await contactFor(database.db, "NOR", "new_york")).toMatchObject({
      emails: ["ny.nor@test.example.org", "desk.nor@test.example.org"],
      verifiedBy: staff.editor.user.email,
      verifiedOn: "2026-03-01",
    });
  });

  it("keep the values and show errors beside the fields", async () => {
    const result = await outcome(() =>
      stateAction({
        request: staffPost(
          "/staff/contacts/NOR",
          { ...form, kind: "geneva", email: "nope", verified_on: "2999-01-01" },
          staff.editor,
        ),
        params: { state: "NOR" },
        context,
      }),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      kind: "geneva",
      errors: {
        email: expect.stringMatching(/not an e-mail address/),
        verified_on: expect.stringMatching(/future/),
      },
      values: { email: "nope", name: form.name },
    });
    expect(await contactFor(database.db, "NOR", "geneva")).toBeNull();
  });

  it("refuse a save without the CSRF token or from a viewer", async () => {
    const params = { state: "NOR" };
    const noToken = staffPost("/staff/contacts/NOR", form, staff.editor, { csrf: false });
    expect((await outcome(() => stateAction({ request: noToken, params, context }))).status).toBe(
      403,
    );
    const viewer = staffPost("/staff/contacts/NOR", form, staff.viewer);
    expect((await outcome(() => stateAction({ request: viewer, params, context }))).status).toBe(
      403,
    );
  });

  function importRequest(fields: Record<string, string>, who: SignedInStaff): Request {
    const body = new FormData();
    body.set("csrf", who.csrf);
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return new Request("http://localhost/staff/contacts/import", {
      method: "POST",
      body,
      headers: { Cookie: who.cookie },
    });
  }

  it("import a pasted CSV: a check first, then the import", async () => {
    const csv =
      "state,kind,name,email\nIndonesia,ministry,Kementerian Luar Negeri,k@test.example.org";
    const check = await outcome(() =>
      importAction({
        request: importRequest({ csv, intent: "check" }, staff.editor),
        params: {},
        context,
      }),
    );
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ report: { dryRun: true, rows: [{ outcome: "updated" }] } });
    expect((await contactFor(database.db, "IDN", "ministry"))?.isDemo).toBe(true);

    const applied = await outcome(() =>
      importAction({
        request: importRequest({ csv, intent: "import" }, staff.editor),
        params: {},
        context,
      }),
    );
    expect(applied.status).toBe(302);
    expect(applied.response?.headers.get("Location")).toBe(
      "/staff/contacts/import?created=0&updated=1&unchanged=0",
    );
    expect(await contactFor(database.db, "IDN", "ministry")).toMatchObject({
      emails: ["k@test.example.org"],
      isDemo: false,
    });
  });

  it("refuse an upload over 5 MB with a clear message", async () => {
    const body = new FormData();
    body.set("csrf", staff.editor.csrf);
    body.set("file", new File(["x".repeat(5 * 1024 * 1024 + 1)], "big.csv", { type: "text/csv" }));
    const request = new Request("http://localhost/staff/contacts/import", {
      method: "POST",
      body,
      headers: { Cookie: staff.editor.cookie },
    });
    const result = await outcome(() => importAction({ request, params: {}, context }));
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({
      errors: { file: expect.stringMatching(/larger than 5 MB/) },
    });
  });

  it("download every contact as CSV, for editors and admins only", async () => {
    const asViewer = await outcome(() =>
      csvLoader({ request: staffGet("/staff/contacts.csv", staff.viewer), params: {}, context }),
    );
    expect(asViewer.status).toBe(403);
    const result = await outcome(() =>
      csvLoader({ request: staffGet("/staff/contacts.csv", staff.editor), params: {}, context }),
    );
    expect(result.response?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array((await result.response?.arrayBuffer()) ?? new ArrayBuffer(0));
    // The byte-order mark (which text() would swallow) lets Excel read UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^state,kind,name,email,/);
  });
});

describe("/api/v1/contacts", () => {
  const url = "http://localhost/api/v1/contacts";
  const request = (role: StaffRole | null, init: RequestInit = {}, query = "") =>
    new Request(`${url}${query}`, {
      ...init,
      headers: { ...(role ? { Authorization: `Bearer ${tokens[role]}` } : {}), ...init.headers },
    });
  const post = (role: StaffRole | null, body: string, type: string, query = "") =>
    request(role, { method: "POST", body, headers: { "Content-Type": type } }, query);

  it("answers 401 without a token", async () => {
    const result = await outcome(() =>
      contactsApiLoader({ request: request(null), params: {}, context }),
    );
    expect(result.status).toBe(401);
  });

  it("lists contacts as JSON or CSV for editors, not viewers", async () => {
    for (const format of ["", "?format=csv"]) {
      const denied = await outcome(() =>
        contactsApiLoader({ request: request("viewer", {}, format), params: {}, context }),
      );
      expect(denied.status).toBe(403);
    }
    const json = await outcome(() =>
      contactsApiLoader({ request: request("editor", {}, "?state=fra"), params: {}, context }),
    );
    const body = (await json.response?.json()) as {
      contacts: Array<{ state: string; kind: string }>;
    };
    expect(body.contacts.map((c) => `${c.state} ${c.kind}`)).toEqual([
      "FRA ministry",
      "FRA geneva",
      "FRA new_york",
    ]);
    const csv = await outcome(() =>
      contactsApiLoader({ request: request("editor", {}, "?format=csv"), params: {}, context }),
    );
    expect(csv.response?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  });

  it("lets only editors import: a viewer gets 403", async () => {
    const result = await outcome(() =>
      contactsApiAction({ request: post("viewer", goodCsv, "text/csv"), params: {}, context }),
    );
    expect(result.status).toBe(403);
  });

  it("checks a CSV on a dry run and imports JSON", async () => {
    const before = await contactCount();
    const dry = await outcome(() =>
      contactsApiAction({
        request: post(
          "editor",
          "state,kind,name,email\nARG,ministry,Cancillería,c@test.example.org",
          "text/csv",
          "?dryRun=1",
        ),
        params: {},
        context,
      }),
    );
    expect(dry.status).toBe(200);
    expect(await dry.response?.json()).toMatchObject({
      dryRun: true,
      rows: [{ outcome: "created" }],
    });
    expect(await contactCount()).toBe(before);

    const contacts = [
      { state: "ARG", kind: "ministry", name: "Cancillería", emails: ["c@test.example.org"] },
    ];
    const applied = await outcome(() =>
      contactsApiAction({
        request: post("editor", JSON.stringify({ contacts }), "application/json"),
        params: {},
        context,
      }),
    );
    expect(applied.status).toBe(200);
    expect(await contactFor(database.db, "ARG", "ministry")).toMatchObject({ name: "Cancillería" });
  });

  it("answers 422 with per-line errors and stores nothing", async () => {
    const before = await contactCount();
    const contacts = [
      { state: "CHL", kind: "ministry", name: "Ministerio", emails: ["m@test.example.org"] },
      { state: "CHL", kind: "consulate", name: "Ministerio", emails: ["bad"] },
    ];
    const result = await outcome(() =>
      contactsApiAction({
        request: post("editor", JSON.stringify({ contacts }), "application/json"),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(422);
    expect(await result.response?.json()).toMatchObject({
      applied: false,
      errors: [
        { line: 2, column: "kind" },
        { line: 2, column: "emails" },
      ],
    });
    expect(await contactCount()).toBe(before);
  });

  it("answers 415 to other media types and 413 to bodies over 5 MB", async () => {
    const xml = await outcome(() =>
      contactsApiAction({
        request: post("editor", "<contacts/>", "application/xml"),
        params: {},
        context,
      }),
    );
    expect(xml.status).toBe(415);
    const big = await outcome(() =>
      contactsApiAction({
        request: post("editor", "x".repeat(5 * 1024 * 1024 + 1), "text/csv"),
        params: {},
        context,
      }),
    );
    expect(big.status).toBe(413);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import {
  createApiToken,
  listApiTokens,
  requireApiUser,
  revokeApiToken,
} from "~/auth/api-tokens.server";
import { createStaffUser } from "~/auth/staff-users.server";
import { loader as campaignsApi } from "~/routes/api.v1.campaigns";
import { loader as meApi } from "~/routes/api.v1.me";
import { action as tokensAction, loader as tokensLoader } from "~/routes/staff.tokens";
import { testContext } from "../setup/load-context";
import { outcome, signedInStaff, staffGet, staffPost } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
});
afterAll(() => database.drop());

const bearer = (token: string) =>
  new Request("http://localhost/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
const password = "a long enough password";

describe("API tokens", () => {
  it("are shown once and stored only as a hash", async () => {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "hash-token@example.org", role: "viewer", password },
    );
    const { token } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: "report" },
    );
    expect(token).toMatch(/^dmt_[A-Za-z0-9_-]{43}$/);
    const rows = await database.sql`select token_hash, prefix from api_tokens`;
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.some((r) => r.prefix === token.slice(0, 10))).toBe(true);
  });

  it("authenticate /api/v1 requests as their owner, and stop working once revoked", async () => {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "api@example.org", role: "editor", password },
    );
    const { id, token } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: "script" },
    );
    const ok = await outcome(() =>
      meApi({
        request: bearer(token),
        params: {},
        context: testContext(database.db),
      }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.response?.json()).toEqual({
      id: user.id,
      email: "api@example.org",
      role: "editor",
    });

    const campaigns = await outcome(() =>
      campaignsApi({
        request: bearer(token),
        params: {},
        context: testContext(database.db),
      }),
    );
    expect(await campaigns.response?.json()).toMatchObject({
      campaigns: [{ slug: "iran-end-impunity" }],
    });

    expect(await revokeApiToken(database.db, { kind: "cli" }, { tokenId: id })).toBe(true);
    const revoked = await outcome(() =>
      meApi({
        request: bearer(token),
        params: {},
        context: testContext(database.db),
      }),
    );
    expect(revoked.status).toBe(401);
    expect(await revoked.response?.json()).toEqual({
      error: "This API token is not valid or was revoked",
    });
    const listed = await listApiTokens(database.db, user.id);
    expect(listed[0]?.revokedAt).not.toBeNull();
  });

  it("answer 401 in JSON without a token or with a made-up one", async () => {
    for (const request of [new Request("http://localhost/api/v1/me"), bearer("dmt_madeup")]) {
      const result = await outcome(() =>
        meApi({ request, params: {}, context: testContext(database.db) }),
      );
      expect(result.status).toBe(401);
      expect(result.response?.headers.get("WWW-Authenticate")).toBe("Bearer");
      expect(await result.response?.json()).toHaveProperty("error");
    }
  });

  it("carry their owner's role: a viewer token cannot act as an editor", async () => {
    const viewer = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "api-viewer@example.org", role: "viewer", password },
    );
    const { token } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: viewer.id, name: "read" },
    );
    await expect(requireApiUser(database.db, bearer(token), "viewer")).resolves.toMatchObject({
      role: "viewer",
    });
    const refused = await outcome(() => requireApiUser(database.db, bearer(token), "editor"));
    expect(refused.status).toBe(403);
  });

  it("let an owner revoke only their own tokens", async () => {
    const owner = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "owner@example.org", role: "viewer", password },
    );
    const other = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "other@example.org", role: "viewer", password },
    );
    const { id } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: owner.id, name: "mine" },
    );
    const actor = { kind: "staff" as const, userId: other.id, email: other.email };
    expect(await revokeApiToken(database.db, actor, { tokenId: id, ownerId: other.id })).toBe(
      false,
    );
  });

  it("expire after 90 days by default, or when chosen, and are refused from then on", async () => {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "expiring@example.org", role: "viewer", password },
    );
    const created = new Date(Date.now() - 91 * 24 * 60 * 60 * 1000);
    const old = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: "forgotten script" },
      created,
    );
    expect(old.expiresAt).toEqual(new Date(created.getTime() + 90 * 24 * 60 * 60 * 1000));
    const expired = await outcome(() =>
      meApi({
        request: bearer(old.token),
        params: {},
        context: testContext(database.db),
      }),
    );
    expect(expired.status).toBe(401);
    expect(await expired.response?.json()).toEqual({
      error: `This API token expired on ${old.expiresAt?.toISOString().slice(0, 10)}`,
    });
    const forever = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: "kiosk", expiresInDays: null },
      created,
    );
    expect(forever.expiresAt).toBeNull();
    const stillGood = await outcome(() =>
      meApi({
        request: bearer(forever.token),
        params: {},
        context: testContext(database.db),
      }),
    );
    expect(stillGood.status).toBe(200);
    const listed = await listApiTokens(database.db, user.id);
    expect(listed.map((t) => t.expiresAt)).toEqual([null, old.expiresAt]);
  });

  it("take their expiry from the tokens page, shown in the list, with bad input refused", async () => {
    const staff = await signedInStaff(database.db, "editor");
    const create = (fields: Record<string, string>) =>
      outcome(() =>
        tokensAction({
          request: staffPost("/staff/tokens", fields, staff),
          params: {},
          context: testContext(database.db),
        }),
      );
    expect(await create({ name: "monthly", expiresInDays: "30" })).toMatchObject({ status: 200 });
    expect(await create({ name: "kiosk", expiresInDays: "never" })).toMatchObject({ status: 200 });
    for (const bad of ["0", "soon", "99999", ""]) {
      const refused = await create({ name: "bad", expiresInDays: bad });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: { expiresInDays: expect.any(String) } });
    }
    const page = await outcome(() =>
      tokensLoader({
        request: staffGet("/staff/tokens", staff),
        params: {},
        context: testContext(database.db),
      }),
    );
    const { tokens } = page.body as Awaited<ReturnType<typeof tokensLoader>>;
    expect(tokens.map((t) => [t.name, t.expiresAt === null, t.expired])).toEqual([
      ["kiosk", true, false],
      ["monthly", false, false],
    ]);
    const monthly = tokens.find((t) => t.name === "monthly");
    const days = ((monthly?.expiresAt?.getTime() ?? 0) - Date.now()) / (24 * 60 * 60 * 1000);
    expect(Math.round(days)).toBe(30);
  });
});

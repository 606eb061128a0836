import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/audit/audit-log.server";
import { throttleKey, throttleLimits, windowStart } from "~/auth/sign-in-throttle.server";
import {
  changeStaffRole,
  createStaffUser,
  DuplicateEmailError,
  LastAdminError,
  setStaffUserDisabled,
  signInWithPassword,
} from "~/auth/staff-users.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const password = "a long enough password";

/** A sign-in attempt from a browser without a device cookie. */
function from(email: string, given: string, clientIp = "192.0.2.1") {
  return { email, password: given, clientIp, device: null };
}

describe("staff accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "Hash@Example.org", role: "viewer", password },
    );
    expect(user.email).toBe("hash@example.org");
    const [row] = await database.sql`select password_hash from staff_users where id = ${user.id}`;
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(password);
  });

  it("refuses a second account with the same e-mail in any case", async () => {
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "twice@example.org", role: "viewer", password },
    );
    await expect(
      createStaffUser(
        database.db,
        { kind: "cli" },
        { email: "TWICE@example.org", role: "admin", password },
      ),
    ).rejects.toBeInstanceOf(DuplicateEmailError);
  });

  it("rejects weak passwords and unknown roles", async () => {
    await expect(
      createStaffUser(
        database.db,
        { kind: "cli" },
        { email: "weak@example.org", role: "viewer", password: "short" },
      ),
    ).rejects.toThrow(/12 characters/);
    await expect(
      createStaffUser(
        database.db,
        { kind: "cli" },
        { email: "boss@example.org", role: "boss" as "admin", password },
      ),
    ).rejects.toThrow(/admin, editor or viewer/);
  });

  it("signs in with the right password only", async () => {
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "sign@example.org", role: "editor", password },
    );
    expect(await signInWithPassword(database.db, from("SIGN@example.org", password))).toMatchObject(
      { ok: true },
    );
    expect(
      await signInWithPassword(database.db, from("sign@example.org", "wrong password!")),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(database.db, from("nobody@example.org", password))).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("throttles an account after ten failures from other clients, with a Retry-After", async () => {
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "lock@example.org", role: "viewer", password },
    );
    const start = new Date("2026-11-26T10:00:00Z");
    for (let i = 1; i <= 10; i++) {
      const attempt = from("lock@example.org", "nope nope nope", `198.51.100.${i}`);
      expect(await signInWithPassword(database.db, attempt, start)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    // Even the right password waits: otherwise the throttle would tell guesses apart.
    const during = new Date(start.getTime() + 60_000);
    expect(
      await signInWithPassword(database.db, from("lock@example.org", password), during),
    ).toEqual({ ok: false, reason: "locked", retryAfterSeconds: 14 * 60 });
    const after = new Date(start.getTime() + 15 * 60_000);
    expect(
      await signInWithPassword(database.db, from("lock@example.org", password), after),
    ).toMatchObject({ ok: true });
  });

  it("answers for an unknown account exactly as for a real one, locked included", async () => {
    const start = new Date("2026-11-26T11:00:00Z");
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 1; i <= 11; i++)
        seen.push(
          await signInWithPassword(
            database.db,
            from(email, "guess guess", `198.51.101.${i}`),
            start,
          ),
        );
      return seen;
    };
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "real@example.org", role: "viewer", password },
    );
    const real = await answers("real@example.org");
    expect(real.at(-1)).toMatchObject({ reason: "locked" });
    expect(await answers("ghost@example.org")).toEqual(real);
  });

  it("never locks an account's own browser out: its device cookie has its own count", async () => {
    const admin = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "besieged@example.org", role: "editor", password },
    );
    const start = new Date("2026-11-26T12:00:00Z");
    for (let i = 1; i <= 30; i++)
      await signInWithPassword(
        database.db,
        from("besieged@example.org", "attacker guess", `203.0.113.${i}`),
        start,
      );
    expect(
      await signInWithPassword(database.db, from("besieged@example.org", password), start),
    ).toMatchObject({ reason: "locked" });
    const ownBrowser = { userId: admin.id, id: "device-id-of-the-admins-own-browser" };
    expect(
      await signInWithPassword(
        database.db,
        { ...from("besieged@example.org", password), device: ownBrowser },
        start,
      ),
    ).toMatchObject({ ok: true });
    // Someone else's device cookie is no key to this account.
    const otherBrowser = { userId: admin.id + 1000, id: "device-id-of-another-account" };
    expect(
      await signInWithPassword(
        database.db,
        { ...from("besieged@example.org", password), device: otherBrowser },
        start,
      ),
    ).toMatchObject({ reason: "locked" });
  });

  it("throttles one address across accounts, and all clients past a global budget", async () => {
    const start = new Date("2026-11-26T13:00:00Z");
    for (let i = 1; i <= 20; i++)
      await signInWithPassword(
        database.db,
        from(`sprayed-${i}@example.org`, "guess guess", "192.0.2.66"),
        start,
      );
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "sprayed@example.org", role: "viewer", password },
    );
    const sprayed = (ip: string) =>
      signInWithPassword(database.db, from("sprayed@example.org", password, ip), start);
    expect(await sprayed("192.0.2.66")).toMatchObject({ reason: "locked" });
    expect(await sprayed("192.0.2.67")).toMatchObject({ ok: true });
    // The global budget: many addresses together, here filled up directly.
    await database.sql`insert into rate_limit_hits (key, window_start, hits)
      values (${throttleKey("global", "all")}, ${windowStart(start).toISOString()}, ${throttleLimits.global})
      on conflict (key, window_start) do update set hits = excluded.hits`;
    expect(await sprayed("192.0.2.68")).toMatchObject({ reason: "locked" });
  });

  it("counts parallel failures exactly: none is lost to a race", async () => {
    const start = new Date("2026-11-26T14:00:00Z");
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "raced@example.org", role: "viewer", password },
    );
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        signInWithPassword(
          database.db,
          from("raced@example.org", "parallel guess", `198.51.102.${i}`),
          start,
        ),
      ),
    );
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(10);
    expect(results.filter((r) => r.ok === false && r.reason === "locked")).toHaveLength(6);
  });

  it("audits failed sign-ins without the e-mail typed or the client's address", async () => {
    const user = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "watched@example.org", role: "viewer", password },
    );
    await signInWithPassword(database.db, from("watched@example.org", "wrong one", "192.0.2.99"));
    await signInWithPassword(database.db, from("unknown@example.org", "wrong one", "192.0.2.99"));
    const events = (await listAuditEvents(database.db, { limit: 100 })).filter(
      (e) => e.action === "session.sign_in_failed",
    );
    expect(events.find((e) => e.entityId === String(user.id))).toMatchObject({
      details: { reason: "password" },
    });
    expect(events.some((e) => e.entityId === null)).toBe(true);
    const stored = JSON.stringify(await database.sql`select * from audit_events`);
    expect(stored).not.toContain("unknown@example.org");
    expect(stored).not.toContain("192.0.2.99");
    expect(stored).not.toContain("wrong one");
    const keys = JSON.stringify(await database.sql`select key from rate_limit_hits`);
    expect(keys).not.toContain("192.0.2.99");
    expect(keys).not.toContain("@");
  });

  it("keeps at least one active admin", async () => {
    const db = database.db;
    const { rows } = { rows: await database.sql`select id from staff_users where role = 'admin'` };
    expect(rows).toHaveLength(0);
    const admin = await createStaffUser(
      db,
      { kind: "cli" },
      { email: "only-admin@example.org", role: "admin", password },
    );
    await expect(changeStaffRole(db, { kind: "cli" }, admin.id, "viewer")).rejects.toBeInstanceOf(
      LastAdminError,
    );
    await expect(setStaffUserDisabled(db, { kind: "cli" }, admin.id, true)).rejects.toBeInstanceOf(
      LastAdminError,
    );
    const second = await createStaffUser(
      db,
      { kind: "cli" },
      { email: "second-admin@example.org", role: "admin", password },
    );
    await setStaffUserDisabled(db, { kind: "cli" }, admin.id, true);
    expect(await signInWithPassword(db, from("only-admin@example.org", password))).toMatchObject({
      reason: "invalid",
    });
    await changeStaffRole(db, { kind: "cli" }, second.id, "admin");
  });

  it("records every staff write in the audit log, without e-mail addresses", async () => {
    const actor = await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "auditor@example.org", role: "admin", password },
    );
    const target = await createStaffUser(
      database.db,
      { kind: "staff", userId: actor.id, email: actor.email },
      { email: "audited@example.org", role: "viewer", password },
    );
    await changeStaffRole(
      database.db,
      { kind: "staff", userId: actor.id, email: actor.email },
      target.id,
      "editor",
    );
    const events = await listAuditEvents(database.db, { limit: 50 });
    const aboutTarget = events.filter((e) => e.entityId === String(target.id));
    expect(aboutTarget.map((e) => e.action)).toEqual([
      "staff_user.change_role",
      "staff_user.create",
    ]);
    expect(aboutTarget[0]).toMatchObject({
      actorEmail: "auditor@example.org",
      details: { from: "viewer", to: "editor" },
    });
    expect(JSON.stringify(events.map((e) => e.details))).not.toContain("@");
  });
});

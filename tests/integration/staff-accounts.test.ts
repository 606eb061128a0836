import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/audit/audit-log.server";
import {
  changeStaffRole,
  createStaffUser,
  DuplicateEmailError,
  LastAdminError,
  lockSeconds,
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
    expect(await signInWithPassword(database.db, "SIGN@example.org", password)).toMatchObject({
      ok: true,
    });
    expect(await signInWithPassword(database.db, "sign@example.org", "wrong password!")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signInWithPassword(database.db, "nobody@example.org", password)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("backs off after five failures, even for the right password, and resets on success", async () => {
    await createStaffUser(
      database.db,
      { kind: "cli" },
      { email: "lock@example.org", role: "viewer", password },
    );
    const start = new Date("2026-11-26T10:00:00Z");
    for (let i = 1; i <= 4; i++) {
      expect(
        await signInWithPassword(database.db, "lock@example.org", "nope nope nope", start),
      ).toMatchObject({ reason: "invalid" });
    }
    expect(
      await signInWithPassword(database.db, "lock@example.org", "nope nope nope", start),
    ).toEqual({
      ok: false,
      reason: "locked",
      retryAfterSeconds: 30,
    });
    const during = new Date(start.getTime() + 10_000);
    expect(
      await signInWithPassword(database.db, "lock@example.org", password, during),
    ).toMatchObject({ reason: "locked" });
    const after = new Date(start.getTime() + 31_000);
    expect(
      await signInWithPassword(database.db, "lock@example.org", password, after),
    ).toMatchObject({ ok: true });
    expect(
      await signInWithPassword(database.db, "lock@example.org", "nope nope nope", after),
    ).toMatchObject({ reason: "invalid" });
  });

  it("doubles the lock-out up to an hour", () => {
    expect([4, 5, 6, 7, 20].map(lockSeconds)).toEqual([0, 30, 60, 120, 3600]);
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
    expect(await signInWithPassword(db, "only-admin@example.org", password)).toMatchObject({
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

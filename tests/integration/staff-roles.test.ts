import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { loader as rootLoader } from "~/root";
import { loader as dashboardLoader } from "~/routes/staff._index";
import { loader as auditLoader } from "~/routes/staff.audit";
import { action as tokensAction, loader as tokensLoader } from "~/routes/staff.tokens";
import { action as usersAction, loader as usersLoader } from "~/routes/staff.users";
import { action as signInAction } from "~/routes/staff_.sign-in";
import {
  outcome,
  type SignedInStaff,
  signedInStaff,
  staffGet,
  staffPost,
  useDatabaseForRoutes,
} from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
const staff = {} as Record<StaffRole, SignedInStaff>;
const context = { cspNonce: "", clientIp: "127.0.0.1" };

beforeAll(async () => {
  database = await createTestDatabase();
  useDatabaseForRoutes(database.url);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

const pages = [
  { path: "/staff", loader: dashboardLoader, allowed: ["viewer", "editor", "admin"] },
  { path: "/staff/tokens", loader: tokensLoader, allowed: ["viewer", "editor", "admin"] },
  { path: "/staff/users", loader: usersLoader, allowed: ["admin"] },
  { path: "/staff/audit", loader: auditLoader, allowed: ["admin"] },
] as const;

describe("roles are enforced in every staff loader", () => {
  for (const page of pages) {
    it(`${page.path}: signed-out visitors are sent to sign in`, async () => {
      const result = await outcome(() =>
        page.loader({ request: staffGet(page.path), params: {}, context }),
      );
      expect(result.status).toBe(302);
      expect(result.response?.headers.get("Location")).toBe(
        `/staff/sign-in?redirectTo=${encodeURIComponent(page.path)}`,
      );
    });
    for (const role of ["viewer", "editor", "admin"] as const) {
      const allowed = (page.allowed as readonly string[]).includes(role);
      it(`${page.path}: ${role} ${allowed ? "may" : "may not"} open it`, async () => {
        const result = await outcome(() =>
          page.loader({ request: staffGet(page.path, staff[role]), params: {}, context }),
        );
        expect(result.status).toBe(allowed ? 200 : 403);
      });
    }
  }
});

describe("staff actions", () => {
  const newAccount = {
    intent: "create",
    email: "new@example.org",
    role: "viewer",
    password: "a long enough password",
  };

  it("only admins can create staff accounts", async () => {
    for (const role of ["viewer", "editor"] as const) {
      const result = await outcome(() =>
        usersAction({
          request: staffPost("/staff/users", newAccount, staff[role]),
          params: {},
          context,
        }),
      );
      expect(result.status).toBe(403);
    }
    const created = await outcome(() =>
      usersAction({
        request: staffPost("/staff/users", newAccount, staff.admin),
        params: {},
        context,
      }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ ok: true });
    const [row] = await database.sql`select role from staff_users where email = 'new@example.org'`;
    expect(row?.role).toBe("viewer");
  });

  it("refuses a form without the CSRF token and changes nothing", async () => {
    const request = staffPost(
      "/staff/users",
      { ...newAccount, email: "csrf@example.org" },
      staff.admin,
      { csrf: false },
    );
    const result = await outcome(() => usersAction({ request, params: {}, context }));
    expect(result.status).toBe(403);
    expect(
      await database.sql`select 1 from staff_users where email = 'csrf@example.org'`,
    ).toHaveLength(0);
  });

  it("shows field errors and keeps what was typed, but never the password", async () => {
    const request = staffPost(
      "/staff/users",
      {
        intent: "create",
        email: "not-an-email",
        role: "editor",
        password: "short",
        displayName: "Ana",
      },
      staff.admin,
    );
    const result = await outcome(() => usersAction({ request, params: {}, context }));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      errors: {
        email: expect.stringMatching(/e-mail/),
        password: expect.stringMatching(/12 characters/),
      },
      values: { email: "not-an-email", role: "editor", displayName: "Ana" },
    });
    expect(JSON.stringify(result.body)).not.toContain("short");
  });

  it("lets a viewer create an API token for themselves", async () => {
    const result = await outcome(() =>
      tokensAction({
        request: staffPost("/staff/tokens", { name: "my script" }, staff.viewer),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ token: expect.stringMatching(/^dmt_/) });
  });

  it("signs in through the form, with a CSRF token and a session cookie", async () => {
    const { cookie, csrf } = staff.viewer;
    const fields = {
      email: staff.viewer.user.email,
      password: "correct horse battery",
      csrf,
      redirectTo: "/staff/tokens",
    };
    const result = await outcome(() =>
      signInAction({
        request: new Request("http://localhost/staff/sign-in", {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        }),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(302);
    expect(result.response?.headers.get("Location")).toBe("/staff/tokens");
    expect(result.response?.headers.get("Set-Cookie")).toMatch(
      /__demarche_staff=.*HttpOnly.*SameSite=Lax/i,
    );
  });

  it("never redirects off-site after sign-in", async () => {
    const { cookie, csrf } = staff.viewer;
    const fields = {
      email: staff.viewer.user.email,
      password: "correct horse battery",
      csrf,
      redirectTo: "//evil.example/staff",
    };
    const result = await outcome(() =>
      signInAction({
        request: new Request("http://localhost/staff/sign-in", {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        }),
        params: {},
        context,
      }),
    );
    expect(result.response?.headers.get("Location")).toBe("/staff");
  });

  it("the root loader issues a CSRF cookie once", async () => {
    const fresh = await outcome(() => rootLoader({ request: staffGet("/"), params: {}, context }));
    expect(fresh.body).toMatchObject({ csrf: expect.any(String) });
    const again = await outcome(() =>
      rootLoader({ request: staffGet("/", staff.viewer), params: {}, context }),
    );
    expect(again.body).toEqual({ csrf: staff.viewer.csrf });
  });
});

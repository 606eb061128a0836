import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { csrfToken } from "~/auth/csrf.server";
import type { StaffRole } from "~/auth/roles";
import { getStaffUser, startStaffSession } from "~/auth/session.server";
import { signInWithPassword } from "~/auth/staff-users.server";
import { config, settleConfig } from "~/lib/env.server";
import { loader as rootLoader } from "~/root";
import { loader as dashboardLoader } from "~/routes/staff._index";
import { action as accountAction, loader as accountLoader } from "~/routes/staff.account";
import { loader as auditLoader } from "~/routes/staff.audit";
import { loader as contactsCsvLoader } from "~/routes/staff.contacts[.]csv";
import { action as tokensAction, loader as tokensLoader } from "~/routes/staff.tokens";
import { action as usersAction, loader as usersLoader } from "~/routes/staff.users";
import { action as signInAction } from "~/routes/staff_.sign-in";
import { testConfig, testContext } from "../setup/load-context";
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
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

const pages = [
  { path: "/staff", loader: dashboardLoader, allowed: ["viewer", "editor", "admin"] },
  { path: "/staff/tokens", loader: tokensLoader, allowed: ["viewer", "editor", "admin"] },
  { path: "/staff/account", loader: accountLoader, allowed: ["viewer", "editor", "admin"] },
  { path: "/staff/contacts.csv", loader: contactsCsvLoader, allowed: ["editor", "admin"] },
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
    expect(again.body).toMatchObject({ csrf: staff.viewer.csrf });
  });
});

/** A loader's or action's answer with its headers, whether returned, thrown or `data()`. */
async function answer(run: () => Promise<unknown>) {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return { status: value.status, headers: value.headers, body: null };
  const result = value as { data?: unknown; init?: ResponseInit };
  return {
    status: result.init?.status ?? 200,
    headers: new Headers(result.init?.headers),
    body: result.data ?? value,
  };
}

/** The `name=value` pairs a browser would send back from Set-Cookie headers. */
function cookiesFrom(headers: Headers): string[] {
  return headers
    .getSetCookie()
    .filter((c) => !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))
    .map((c) => c.split(";")[0] ?? "");
}

/** A signed-out browser: its CSRF cookie and token, as the root loader gives them. */
async function signedOutBrowser() {
  const { token, setCookie } = await csrfToken(new Request("http://localhost/"));
  return { csrf: token, cookie: setCookie?.split(";")[0] ?? "" };
}

function signInFrom(
  ip: string,
  browser: { csrf: string; cookie: string },
  email: string,
  password: string,
) {
  return answer(() =>
    signInAction({
      request: new Request("http://localhost/staff/sign-in", {
        method: "POST",
        body: new URLSearchParams({ email, password, csrf: browser.csrf, redirectTo: "/staff" }),
        headers: { Cookie: browser.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: {},
      context: testContext(database.db, { clientIp: ip }),
    }),
  );
}

const staffPassword = "correct horse battery";

describe("signing in", () => {
  it("answers 429 with Retry-After once an account is throttled, yet its own browser gets in", async () => {
    const owner = await signedInStaff(database.db, "editor");
    const email = owner.user.email;
    const first = await signInFrom("192.0.2.10", await signedOutBrowser(), email, staffPassword);
    expect(first.status).toBe(302);
    const deviceCookie = cookiesFrom(first.headers).find((c) => c.includes("demarche_device="));
    expect(deviceCookie).toBeDefined();
    for (let i = 1; i <= 10; i++)
      await signInFrom(`203.0.113.${i}`, await signedOutBrowser(), email, "attacker guess");
    const attacker = await signInFrom(
      "203.0.113.50",
      await signedOutBrowser(),
      email,
      staffPassword,
    );
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(attacker.body).toMatchObject({ errors: { form: /Too many sign-in attempts/ } });
    const ghost = "nobody-here@example.org";
    for (let i = 1; i <= 10; i++)
      await signInFrom(`203.0.114.${i}`, await signedOutBrowser(), ghost, "attacker guess");
    const unknown = await signInFrom("203.0.114.50", await signedOutBrowser(), ghost, "x");
    expect(unknown.status).toBe(429);
    expect(unknown.body).toEqual(attacker.body && { ...attacker.body, values: { email: ghost } });

    const own = await signedOutBrowser();
    own.cookie = `${own.cookie}; ${deviceCookie}`;
    expect((await signInFrom("192.0.2.10", own, email, staffPassword)).status).toBe(302);
  });

  it("keeps the page's Retry-After when the form is posted without JavaScript", async () => {
    const { headers } = await import("~/routes/staff_.sign-in");
    const kept = (actionHeaders: Headers) =>
      new Headers(
        typeof headers === "function"
          ? headers({
              actionHeaders,
              loaderHeaders: new Headers(),
              parentHeaders: new Headers(),
              errorHeaders: undefined,
            })
          : undefined,
      );
    expect(kept(new Headers({ "Retry-After": "600" })).get("Retry-After")).toBe("600");
    expect(kept(new Headers()).has("Retry-After")).toBe(false);
  });

  it("changes the CSRF token at sign-in: a token from before no longer works", async () => {
    const owner = await signedInStaff(database.db, "viewer");
    const before = await signedOutBrowser();
    const signedIn = await signInFrom("192.0.2.11", before, owner.user.email, staffPassword);
    expect(signedIn.status).toBe(302);
    const session = cookiesFrom(signedIn.headers).find((c) => c.includes("demarche_staff="));
    const cookie = [session, before.cookie].join("; ");
    const withOldToken = await outcome(() =>
      tokensAction({
        request: staffPost("/staff/tokens", { name: "x" }, { ...owner, cookie, csrf: before.csrf }),
        params: {},
        context,
      }),
    );
    expect(withOldToken.status).toBe(403);
    const fresh = await outcome(() =>
      rootLoader({ request: staffGet("/", { cookie }), params: {}, context }),
    );
    const { csrf } = fresh.body as { csrf: string };
    expect(csrf).not.toBe(before.csrf);
    const withNewToken = await outcome(() =>
      tokensAction({
        request: staffPost("/staff/tokens", { name: "x" }, { ...owner, cookie, csrf }),
        params: {},
        context,
      }),
    );
    expect(withNewToken.status).toBe(200);
  });

  it("binds the CSRF token to its session: another session's token is refused", async () => {
    const result = await outcome(() =>
      tokensAction({
        request: staffPost(
          "/staff/tokens",
          { name: "crossed" },
          { ...staff.editor, csrf: staff.viewer.csrf },
        ),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(403);
  });

  it("marks cookies Secure with the __Host- prefix exactly when APP_URL is https, whatever NODE_ENV", async () => {
    const owner = await signedInStaff(database.db, "viewer");
    // Cookie names are the process's (every request must agree on them): the test
    // settles the process's configuration as `npm start` does.
    const saved = config();
    try {
      settleConfig(testConfig({ NODE_ENV: "production", APP_URL: "http://192.168.1.20:3000" }));
      const plain = await signInFrom(
        "192.0.2.12",
        await signedOutBrowser(),
        owner.user.email,
        staffPassword,
      );
      for (const cookie of plain.headers.getSetCookie()) {
        expect(cookie).toMatch(/^__demarche_/);
        expect(cookie).not.toMatch(/Secure/i);
      }
      settleConfig(testConfig({ NODE_ENV: "production", APP_URL: "https://act.example.org" }));
      const secure = await signInFrom(
        "192.0.2.12",
        await signedOutBrowser(),
        owner.user.email,
        staffPassword,
      );
      expect(secure.status).toBe(302);
      const set = secure.headers.getSetCookie();
      expect(set.length).toBeGreaterThanOrEqual(2);
      for (const cookie of set) {
        expect(cookie).toMatch(/^__Host-demarche_\w+=/);
        expect(cookie).toMatch(/; Path=\/(;|$)/);
        expect(cookie).toMatch(/; Secure/);
        expect(cookie).not.toMatch(/Domain=/i);
      }
    } finally {
      settleConfig(saved);
    }
  });
});

describe("your account page", () => {
  const post = (who: SignedInStaff, fields: Record<string, string>) =>
    answer(() =>
      accountAction({ request: staffPost("/staff/account", fields, who), params: {}, context }),
    );

  it("changes the password with the current one, signs out other sessions, audited", async () => {
    const here = await signedInStaff(database.db, "viewer");
    const elsewhere = (await startStaffSession(database.db, here.user.id)).split(";")[0] ?? "";
    const page = await answer(() =>
      accountLoader({ request: staffGet("/staff/account", here), params: {}, context }),
    );
    expect(page.body).toMatchObject({ email: here.user.email, otherSessions: 1 });

    const change = {
      intent: "password",
      currentPassword: staffPassword,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    };
    const wrong = await post(here, { ...change, currentPassword: "not my password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ errors: { currentPassword: /not your current password/ } });
    const weak = await post(here, { ...change, newPassword: "short", confirmPassword: "other" });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      errors: { newPassword: /12 characters/, confirmPassword: /differ/ },
    });
    expect(JSON.stringify([wrong.body, weak.body])).not.toMatch(/not my password|short|horse/);

    const changed = await post(here, change);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ notice: /Password changed\. 1 other session was/ });
    expect(await getStaffUser(database.db, staffGet("/", { cookie: elsewhere }))).toBeNull();
    expect(await getStaffUser(database.db, staffGet("/", here))).toMatchObject({
      id: here.user.id,
    });
    const login = (password: string) =>
      signInWithPassword(database.db, {
        email: here.user.email,
        password,
        clientIp: "192.0.2.13",
        device: null,
      });
    expect(await login(staffPassword)).toMatchObject({ ok: false });
    expect(await login("a brand new passphrase")).toMatchObject({ ok: true });
    const audit = await database.sql`
      select action from audit_events where entity_id = ${String(here.user.id)} order by id`;
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["staff_user.change_password", "session.sign_out_others"]),
    );
    const stored = JSON.stringify(await database.sql`select * from audit_events`);
    expect(stored).not.toContain("brand new passphrase");
  });

  it("signs out every other session of the user, and only theirs", async () => {
    const here = await signedInStaff(database.db, "editor");
    const elsewhere = (await startStaffSession(database.db, here.user.id)).split(";")[0] ?? "";
    const someoneElse = await signedInStaff(database.db, "editor");
    const refused = await answer(() =>
      accountAction({
        request: staffPost("/staff/account", { intent: "sign-out-others" }, here, { csrf: false }),
        params: {},
        context,
      }),
    );
    expect(refused.status).toBe(403);
    expect(await getStaffUser(database.db, staffGet("/", { cookie: elsewhere }))).not.toBeNull();
    const done = await post(here, { intent: "sign-out-others" });
    expect(done.body).toMatchObject({ notice: "1 other session was signed out." });
    expect(await getStaffUser(database.db, staffGet("/", { cookie: elsewhere }))).toBeNull();
    expect(await getStaffUser(database.db, staffGet("/", here))).not.toBeNull();
    expect(await getStaffUser(database.db, staffGet("/", someoneElse))).not.toBeNull();
  });
});

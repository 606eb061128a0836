import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStaffUser } from "~/auth/staff-users.server";
import { connectDatabase } from "~/lib/db.server";
import { appUrl, expectAccessible, launchBrowser, watchedPage } from "./browser";

let browser: Browser;
const email = "e2e-account-owner@example.org";
const firstPassword = "first e2e password 2026";
const newPassword = "second e2e password 2026";

beforeAll(async () => {
  browser = await launchBrowser();
  // An account of its own: the shared e2e accounts keep their passwords.
  const handle = connectDatabase(inject("appDatabaseUrl"), { max: 1 });
  await createStaffUser(
    handle.db,
    { kind: "system" },
    { email, role: "editor", password: firstPassword },
  );
  await handle.close();
});
afterAll(() => browser?.close());

async function signInAs(page: Page, password: string) {
  await page.goto(appUrl("/staff/sign-in"));
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Staff sign-in" }).waitFor({ state: "detached" });
}

describe("your account", () => {
  it("changes the password and signs the other browsers out", async () => {
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const { page, consoleErrors, foreignRequests } = await watchedPage(laptop);
    const other = await phone.newPage();
    await signInAs(page, firstPassword);
    await signInAs(other, firstPassword);

    await page.getByRole("link", { name: "Your account" }).click();
    await page.getByRole("heading", { name: "Your account", level: 1 }).waitFor();
    expect(await page.getByText("You are also signed in once elsewhere").count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("New password again").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("That is not your current password").waitFor();

    await page.getByLabel("Current password").fill(firstPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed. 1 other session was signed out.").waitFor();
    expect(await page.getByLabel("Current password").inputValue()).toBe("");
    await expectAccessible(page);

    // The other browser is out; this one stays in.
    await other.goto(appUrl("/staff"));
    expect(new URL(other.url()).pathname).toBe("/staff/sign-in");
    await page.goto(appUrl("/staff"));
    expect(new URL(page.url()).pathname).toBe("/staff");
    await signInAs(other, newPassword);
    expect(new URL(other.url()).pathname).toBe("/staff");

    // Chromium logs the refused form's 400 answer itself; nothing else may appear.
    expect(consoleErrors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    expect(foreignRequests).toEqual([]);
    await laptop.close();
    await phone.close();
  });

  it("signs out everywhere else without JavaScript", async () => {
    const first = await browser.newContext({ javaScriptEnabled: false });
    const second = await browser.newContext({ javaScriptEnabled: false });
    const page = await first.newPage();
    const other = await second.newPage();
    await signInAs(page, newPassword);
    await signInAs(other, newPassword);
    await page.goto(appUrl("/staff/account"));
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await page.getByRole("status").waitFor();
    expect(await page.getByRole("status").textContent()).toMatch(
      /other sessions? (was|were) signed out/,
    );
    await other.goto(appUrl("/staff/tokens"));
    expect(new URL(other.url()).pathname).toBe("/staff/sign-in");
    await first.close();
    await second.close();
  });
});

describe("the sign-in throttle over HTTP", () => {
  it("answers 429 with Retry-After, the same for an account that does not exist", async () => {
    const form = await fetch(appUrl("/staff/sign-in"));
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
    const attempt = () =>
      fetch(appUrl("/staff/sign-in"), {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          email: "no-such-account@example.org",
          password: "guess",
          csrf,
        }),
      });
    for (let i = 1; i <= 10; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await refused.text()).toContain("Too many sign-in attempts");
  });
});

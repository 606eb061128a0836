import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("staff sign-in", () => {
  it("an admin signs in and sees the dashboard with the demo campaign, accessibly", async () => {
    const context = await browser.newContext();
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    await page.goto(appUrl("/staff"));
    await expect.poll(() => new URL(page.url()).pathname).toBe("/staff/sign-in");
    await expectAccessible(page);
    await signIn(page, e2eStaff.admin);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/staff");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    expect(await page.getByRole("link", { name: /Iran: end impunity/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Staff accounts" }).count()).toBe(1);
    await expectAccessible(page);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript, and a wrong password is refused next to the form", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(appUrl("/staff/sign-in"));
    await page.getByLabel("E-mail").fill(e2eStaff.viewer);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("alert").textContent()).toMatch(/do not match/);
    expect(await page.getByLabel("E-mail").inputValue()).toBe(e2eStaff.viewer);
    await signIn(page, e2eStaff.viewer);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    // A viewer has no link to, and no access to, staff accounts.
    expect(await page.getByRole("link", { name: "Staff accounts" }).count()).toBe(0);
    const response = await page.goto(appUrl("/staff/users"));
    expect(response?.status()).toBe(403);
    await context.close();
  });
});

describe("every response", () => {
  it("carries the security headers and loads nothing from another host", async () => {
    const response = await fetch(appUrl("/"));
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
  });

  it("answers /healthz with the database state", async () => {
    const response = await fetch(appUrl("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("shows the demo campaign to the public", async () => {
    const home = await (await fetch(appUrl("/"))).text();
    expect(home).toContain("Iran: end impunity for the killing of protesters");
    const campaign = await fetch(appUrl("/c/iran-end-impunity"));
    expect(campaign.status).toBe(200);
    expect(await campaign.text()).toContain(
      "Convene a special session of the Human Rights Council",
    );
    expect((await fetch(appUrl("/c/no-such-campaign"))).status).toBe(404);
  });
});

import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/** Debian's Chromium, never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function appUrl(path = "/"): string {
  return `${inject("appUrl")}${path}`;
}

/**
 * A page that records every request to another host and every console error
 * (a CSP violation shows up as one), so tests can assert there are none.
 */
export async function watchedPage(context: BrowserContext) {
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const origin = new URL(appUrl()).origin;
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:")) foreignRequests.push(url);
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  return { page, foreignRequests, consoleErrors };
}

export async function signIn(page: Page, email: string) {
  await page.goto(appUrl("/staff/sign-in"));
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(inject("staffPassword"));
  await page.getByRole("button", { name: "Sign in" }).click();
  // The URL can change before the new page has rendered: wait for the form to go.
  await page.getByRole("heading", { name: "Staff sign-in" }).waitFor({ state: "detached" });
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

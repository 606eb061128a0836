import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

const campaign = "iran-end-impunity";
const trackerPath = `/staff/campaigns/${campaign}`;
const asksPath = `${trackerPath}/asks`;
const procedural = "Security Council: procedural decision";
const proceduralLine = "9 of the 15 Security Council votes; a permanent member's no is not a veto.";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function preview(page: Page) {
  return page.locator(".ask-preview");
}

/** The titles of the listed asks, in the campaign's order. */
async function askTitles(page: Page): Promise<string[]> {
  return (await page.locator(".ask-list__item h2").allTextContents()).map((t) => t.trim());
}

async function fillNewAsk(page: Page, slug: string, title: string) {
  await page.getByLabel("Short name (in links and exports)").fill(slug);
  await page.getByLabel("Title").fill(title);
  await page.getByRole("radio", { name: procedural }).check();
}

/** Moves the new (last) ask up, then retires it; both through the list's buttons. */
async function reorderAndRetire(page: Page, title: string) {
  const before = await askTitles(page);
  expect(before.at(-1)).toBe(title);
  await page.getByRole("button", { name: `Move up: ${title}` }).click();
  await page.getByRole("status").filter({ hasText: "Moved the ask" }).waitFor();
  const moved = await askTitles(page);
  expect(moved.at(-2)).toBe(title);
  expect(moved.at(-1)).toBe(before.at(-2));

  await page.getByRole("button", { name: `Retire: ${title}` }).click();
  await page.getByRole("status").filter({ hasText: "Retired the ask" }).waitFor();
  expect(await askTitles(page)).toContain(`${title} (retired)`);
  expect(await page.getByRole("button", { name: `Restore: ${title}` }).count()).toBe(1);
}

describe("asks in the staff UI", () => {
  it("an editor adds an ask with the procedural rule, sees the live preview, reorders and retires it", async () => {
    const context = await browser.newContext();
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(trackerPath));
    await page.getByRole("link", { name: "Asks", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Asks" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(asksPath);
    // Until the rule changes the preview is the default rule's: the special session.
    expect(await preview(page).textContent()).toContain(
      "16 of the 47 Human Rights Council members must ask.",
    );
    await expectAccessible(page);

    const title = "Security Council: meet on Iran (browser, JS)";
    await fillNewAsk(page, "e2e-unsc-meeting-js", title);
    // The fetcher brings the Council's 15 members and the tally, without a submit.
    await preview(page).getByText(proceduralLine).first().waitFor();
    await preview(page)
      .getByText(/^Members on \d{4}-\d{2}-\d{2}: 15\.$/)
      .waitFor();
    expect(await preview(page).locator(".tally__summary").textContent()).toMatch(
      /^\d+ of the 9 votes needed; no veto applies to procedure\.$/,
    );
    expect(await preview(page).getByText("Russia (permanent)").count()).toBe(1);
    await page.getByLabel("Decision date (optional)").fill("2026-03-02");
    await preview(page).getByText("Members on 2026-03-02: 15.").waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe(title);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Add ask" }).click();
    await page.getByRole("status").filter({ hasText: "Added the ask" }).waitFor();
    await reorderAndRetire(page, title);
    await expectAccessible(page);

    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 150_000);

  it("works without JavaScript: Preview submits, errors stay at the field, then add, reorder, retire", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(asksPath));

    const title = "Security Council: meet on Iran (browser, no JS)";
    await fillNewAsk(page, "e2e-unsc-meeting-nojs", title);
    await page.getByLabel("Decision date (optional)").fill("2026-03-02");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForLoadState("load");
    expect(await preview(page).textContent()).toContain(proceduralLine);
    expect(await preview(page).textContent()).toContain("Members on 2026-03-02: 15.");
    expect(await page.getByLabel("Title").inputValue()).toBe(title);
    expect(await page.getByRole("radio", { name: procedural }).isChecked()).toBe(true);

    await page.getByLabel("Title").fill("");
    await page.getByRole("button", { name: "Add ask" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("#title-error").textContent()).toBe("Give the ask a title");
    expect(await page.getByLabel("Short name (in links and exports)").inputValue()).toBe(
      "e2e-unsc-meeting-nojs",
    );

    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Add ask" }).click();
    await page.getByRole("status").filter({ hasText: "Added the ask" }).waitFor();
    await reorderAndRetire(page, title);
    await context.close();
  }, 120_000);

  it("a viewer reads the asks without a form or buttons", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(asksPath));
    expect(await askTitles(page)).toContain("Security Council: hold a meeting on Iran");
    expect(await page.getByText(proceduralLine).count()).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: /^(Move|Retire|Delete)/ }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Add an ask" }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

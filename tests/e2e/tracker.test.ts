import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stanceColours } from "~/positions/world-map";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

// This file only records observations for India and Germany: other tests use other states.
// The demo seeds the published January 2026 request (France asked; Germany co-signed as an
// observer), so the recorded state is India, a Council member that did not ask.
const campaign = "iran-end-impunity";
const ask = "hrc-special-session";
const askTitle = "Convene a special session of the Human Rights Council";
const trackerPath = `/staff/campaigns/${campaign}`;
const statePath = (iso3: string) => `${trackerPath}/states/${iso3}`;
const indiaEvidence = "India's delegate asked for a special session (browser test).";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The firm count in the special session's summary sentence, e.g. "3 of the 16 HRC members…". */
async function specialSessionRequests(page: Page): Promise<number> {
  const summary = await page
    .getByRole("region", { name: askTitle })
    .locator(".tally__summary")
    .textContent();
  const match = summary?.match(/^(\d+) (of the 16 HRC members needed|HRC member)/);
  if (!match) throw new Error(`Unexpected summary: ${summary}`);
  return Number(match[1]);
}

/** The fill and position of a state's shape on the map inside `scope`. */
async function mapState(page: Page, scope: string, name: string) {
  const link = page
    .locator(`${scope} a.stance-map__state`)
    .filter({ has: page.locator("title", { hasText: new RegExp(`^${name}: `) }) });
  return {
    position: await link.getAttribute("data-position"),
    fill: await link.locator("use").getAttribute("fill"),
  };
}

describe("position tracker", () => {
  it("an editor records India's support and the tally, maps and timeline follow", async () => {
    const context = await browser.newContext();
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.editor);
    await page.getByRole("link", { name: /Iran: end impunity/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(trackerPath);
    await expectAccessible(page);
    const before = await specialSessionRequests(page);
    expect(
      await page
        .getByRole("link", { name: `Map of positions on “${askTitle}”` })
        .getAttribute("href"),
    ).toBe(`${trackerPath}/asks/${ask}/map`);

    await page
      .locator("table.tracker-table")
      .getByRole("link", { name: "India", exact: true })
      .click();
    await expect
      .poll(() => new URL(page.url()).pathname, { timeout: 10_000 })
      .toBe(statePath("IND"));
    // Client-side navigation: the URL changes a moment before the new page renders.
    await page.getByRole("heading", { level: 1, name: "India" }).waitFor();
    await expectAccessible(page);

    await page.getByLabel("Ask", { exact: true }).selectOption(ask);
    await page.getByLabel("Position or recorded vote").selectOption("supports");
    await page.getByLabel("Source link").fill("https://example.org/hrc/india-statement");
    await page.getByLabel("Evidence").fill(indiaEvidence);
    await page.getByLabel("Public", { exact: true }).check();
    await page.getByRole("button", { name: "Record observation" }).click();
    await page.getByRole("status").filter({ hasText: "Recorded a new observation" }).waitFor();
    expect(new URL(page.url()).searchParams.get("recorded")).toBe(ask);

    const event = page.locator("table.timeline tbody tr").filter({ hasText: indiaEvidence });
    expect(await event.count()).toBe(1);
    const eventText = await event.textContent();
    for (const expected of [askTitle, "Supports", "Public", e2eStaff.editor])
      expect(eventText).toContain(expected);
    expect(await event.getByRole("link").getAttribute("href")).toBe(
      "https://example.org/hrc/india-statement",
    );
    await expectAccessible(page);

    await page.goto(appUrl(trackerPath));
    expect(await specialSessionRequests(page)).toBe(before + 1);
    if (before === 0) {
      expect(
        await page.getByRole("region", { name: askTitle }).locator(".tally__summary").textContent(),
      ).toBe("1 of the 16 HRC members needed has asked for a special session.");
    }

    // The staff map is another page; check it when it is there.
    const staffMap = await page.goto(appUrl(`${trackerPath}/asks/${ask}/map`));
    if (staffMap?.status() === 200) {
      expect(await mapState(page, "main", "India")).toEqual({
        position: "supports",
        fill: stanceColours.supports,
      });
    }

    await page.goto(appUrl(`/c/${campaign}`));
    expect(await mapState(page, `#${ask}`, "India")).toEqual({
      position: "supports",
      fill: stanceColours.supports,
    });
    expect(await page.locator(`#${ask}-IND`).textContent()).toContain("Supports");
    expect(
      await page
        .getByRole("link", { name: /^India: / })
        .first()
        .getAttribute("href"),
    ).toMatch(/^#/);
    await expectAccessible(page);

    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("records without JavaScript, keeps typed values on errors and keeps internal ones private", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(statePath("DEU")));
    await page.getByLabel("Ask", { exact: true }).selectOption(ask);
    await page.getByLabel("Position or recorded vote").selectOption("opposes");
    await page.getByRole("button", { name: "Record observation" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("#sourceUrl-error").textContent()).toBe(
      "Give a source link, a document title or the evidence",
    );
    expect(await page.getByLabel("Position or recorded vote").inputValue()).toBe("opposes");
    expect(await page.getByLabel("Internal (staff only)").isChecked()).toBe(true);

    await page.getByLabel("Source title").fill("Note of a meeting with the German mission");
    await page.getByRole("button", { name: "Record observation" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("status").textContent()).toContain("Recorded a new observation");
    const event = page.locator("table.timeline tbody tr").filter({ hasText: "German mission" });
    expect(await event.textContent()).toContain("Internal");

    // An internal observation never reaches the public page, nor the staff e-mail addresses.
    const response = await page.goto(appUrl(`/c/${campaign}`));
    const html = (await response?.text()) ?? "";
    expect(html).not.toContain("German mission");
    expect(html).not.toContain("@example.org");
    // The public page keeps Germany's published position (the seeded co-signature), not the
    // newer internal one.
    expect(await page.locator(`#${ask}-DEU`).textContent()).toContain("Supports");
    expect((await mapState(page, `#${ask}`, "Germany")).position).toBe("supports");
    await context.close();
  });

  it("a viewer reads the state page without a form, and cannot record by posting", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(statePath("FRA")));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("France");
    expect(await page.getByRole("heading", { name: "Timeline" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Record an observation" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Record observation" }).count()).toBe(0);
    await expectAccessible(page);

    const events = await page.locator("table.timeline tbody tr").count();
    // The header's sign-out form carries this browser's CSRF token.
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const response = await page.request.post(appUrl(statePath("FRA")), {
      form: {
        csrf,
        ask,
        position: "opposes",
        observedOn: "2026-01-20",
        evidence: "A viewer should not be able to record this.",
        visibility: "public",
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await page.reload();
    expect(await page.locator("table.timeline tbody tr").count()).toBe(events);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

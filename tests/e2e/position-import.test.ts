import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Position, stanceLabels } from "~/positions/stance";
import { stanceColours } from "~/positions/world-map";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

const campaign = "iran-end-impunity";
const importPath = `/staff/campaigns/${campaign}/import`;
const mapPath = `/staff/campaigns/${campaign}/asks/unsc-icc-referral/map`;

// Security Council members in 2026 only; France and Germany belong to another test.
const header = "state,stance,observed_on,source_url,evidence,visibility";
const csvWith = (line3: string) =>
  [
    header,
    "United Kingdom,supports,2026-01-20,https://www.example.org/uk-statement,,public",
    line3,
    "RUS,opposes,2026-01-21,,Said so in consultations,internal",
    "Denmark,leaning_support,2026-01-22,https://www.example.org/dk-statement,,",
  ].join("\n");
const badCsv = csvWith("Atlantis,supports,2026-01-20,,Said so at a reception,");
const fixedCsv = csvWith("Panama,supports,2026-01-20,,Said so at a reception,");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The row of the members table for one state. */
function memberRow(page: Page, name: string) {
  return page.locator("#ask-positions tbody tr", { hasText: name });
}

/** The fill of a state's shape (outline or marker) on the stance map. */
async function mapFill(page: Page, iso3: string) {
  return page.locator(`a.stance-map__state[href$="/states/${iso3}"] use`).getAttribute("fill");
}

/**
 * Each state's map colour and its row in the table (the map's text alternative) agree.
 * Polled: after a client-side navigation the URL changes before the new page renders.
 */
async function expectOnMap(page: Page, expected: Record<string, [name: string, Position]>) {
  for (const [iso3, [name, position]] of Object.entries(expected)) {
    await expect.poll(() => mapFill(page, iso3), { message: iso3 }).toBe(stanceColours[position]);
    await expect
      .poll(async () => (await memberRow(page, name).textContent()) ?? "", { message: iso3 })
      .toContain(stanceLabels[position]);
  }
}

async function openImport(page: Page) {
  await page.goto(appUrl(importPath));
  await page.getByLabel("Ask").selectOption("unsc-icc-referral");
}

function cspErrors(messages: string[]) {
  return messages.filter((message) => /Content Security Policy/i.test(message));
}

describe("importing positions from a CSV", () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it("an editor checks a CSV, fixes its error, imports it and sees it on the map", async () => {
    context = await browser.newContext();
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    // An exception while loading a route module stops hydration without a console message.
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signIn(page, e2eStaff.editor);

    const none: Position = "no_information";
    await page.goto(appUrl(mapPath));
    await expectOnMap(page, {
      GBR: ["United Kingdom", none],
      RUS: ["Russia", none],
      DNK: ["Denmark", none],
    });
    await expectAccessible(page);

    await openImport(page);
    await expectAccessible(page);
    await page.getByLabel("Or paste the CSV text").fill(badCsv);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Line 3, column state: Unknown state "Atlantis"');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
    expect(await page.locator("#csv-errors").textContent()).toContain("Line 3, column state");
    // What the user pasted is still there to fix.
    expect(await page.getByLabel("Or paste the CSV text").inputValue()).toBe(badCsv);
    await expectAccessible(page);

    // A dry run with an error stores nothing.
    const mapPage = await context.newPage();
    await mapPage.goto(appUrl(mapPath));
    await expectOnMap(mapPage, { GBR: ["United Kingdom", none], RUS: ["Russia", none] });

    await page.getByLabel("Or paste the CSV text").fill(fixedCsv);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.getByText("No problems in 4 rows").waitFor();
    expect(await summary.count()).toBe(0);
    const ukRow = page.locator(".import-report__rows tbody tr", { hasText: "United Kingdom" });
    expect(await ukRow.textContent()).toMatch(/No information.*→.*Supports/);

    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText("Imported 4 observations (4 changes)").waitFor();

    await mapPage.reload();
    await expectOnMap(mapPage, {
      GBR: ["United Kingdom", "supports"],
      RUS: ["Russia", "opposes"],
      DNK: ["Denmark", "leaning_support"],
    });
    // Russia's internal "opposes" is a permanent member's veto, named in the sentence.
    expect(await mapPage.locator(".tally-sentence").textContent()).toMatch(/; vetoed by Russia\.$/);
    await expectAccessible(mapPage);

    // The as-of filter recomputes: before the first observation nothing was known.
    await mapPage.getByLabel("Show positions and membership as of").fill("2026-01-19");
    await mapPage.getByRole("button", { name: "Show" }).click();
    await mapPage.waitForURL(/asOf=2026-01-19/);
    await expectOnMap(mapPage, { GBR: ["United Kingdom", none], RUS: ["Russia", none] });

    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(cspErrors(consoleErrors)).toEqual([]);
  });

  it("keeps an uploaded file's text, so importing needs no second upload", async () => {
    const page = await context.newPage();
    await openImport(page);
    await page.getByLabel("Upload a CSV file").setInputFiles({
      name: "positions.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(fixedCsv, "utf8"),
    });
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.getByText("No problems in 4 rows").waitFor();
    expect(await page.getByLabel("Or paste the CSV text").inputValue()).toBe(fixedCsv);
    expect(await page.getByLabel("Upload a CSV file").inputValue()).toBe("");
    expect(await page.getByText("The text of “positions.csv” is now in this box").count()).toBe(1);
    await page.close();
  });

  it("offers a template CSV to download", async () => {
    const response = await context.request.get(appUrl(`${importPath}.csv`));
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(await response.text()).toMatch(
      /^\uFEFF?state,stance,observed_on,source_url,evidence,visibility\n.+\n$/,
    );
  });

  it("refuses a file that is not UTF-8, next to the file field", async () => {
    const page = await context.newPage();
    await openImport(page);
    await page.getByLabel("Upload a CSV file").setInputFiles({
      name: "positions-latin1.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        `${header}\nC\u00f4te d'Ivoire,supports,2026-01-20,,Statement,\n`,
        "latin1",
      ),
    });
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    const error = page.locator("#file-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/not UTF-8 text.*CSV UTF-8/);
    expect(await page.locator("#error-summary").textContent()).toContain("not UTF-8");
  });

  it("refuses a file over 5 MB with a message, not a server error", async () => {
    const page = await context.newPage();
    await openImport(page);
    await page.getByLabel("Upload a CSV file").setInputFiles({
      name: "huge.csv",
      mimeType: "text/csv",
      buffer: Buffer.alloc(5 * 1024 * 1024 + 1, "a"),
    });
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.locator("#file-error").waitFor();
    expect(await page.locator("#file-error").textContent()).toContain("larger than 5 MB");
    // The ask chosen before the file is kept.
    expect(await page.getByLabel("Ask").inputValue()).toBe("unsc-icc-referral");
  });
});

describe("without JavaScript", () => {
  it("a dry run keeps the pasted text and the map's date filter still works", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, e2eStaff.editor);
    await openImport(page);
    await page.getByLabel("Or paste the CSV text").fill(badCsv);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.locator("#error-summary").waitFor();
    expect(await page.locator("#error-summary").textContent()).toContain("Line 3, column state");
    expect(await page.getByLabel("Or paste the CSV text").inputValue()).toBe(badCsv);
    expect(await page.getByLabel("Ask").inputValue()).toBe("unsc-icc-referral");

    await page.goto(appUrl(mapPath));
    await page.getByLabel("Show positions and membership as of").fill("2026-06-30");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/asOf=2026-06-30/);
    expect(await page.locator("#ask-positions caption").textContent()).toContain("2026-06-30");
    await context.close();
  });
});

describe("a viewer", () => {
  it("may see the map but not import", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, e2eStaff.viewer);
    expect((await page.goto(appUrl(importPath)))?.status()).toBe(403);
    const post = await page.request.post(appUrl(importPath), {
      multipart: { ask: "unsc-icc-referral", csv: fixedCsv, intent: "import" },
    });
    expect(post.status()).toBe(403);
    expect((await page.goto(appUrl(mapPath)))?.status()).toBe(200);
    expect(await page.getByRole("link", { name: /Import positions/ }).count()).toBe(0);
    await context.close();
  });
});

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";
import { waitForMail } from "./mailbox";

// Each run writes from its own country, which no other browser test uses.
const runs = [
  { javaScript: true, slug: "sudan-el-fasher-js", country: "Iceland", iso3: "ISL" },
  { javaScript: false, slug: "sudan-el-fasher-nojs", country: "Uruguay", iso3: "URY" },
] as const;

const newAskTitle = "Security Council: hold a meeting on El Fasher";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function newContext(javaScript: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  // A step that hangs fails on its own line, well inside the test's time.
  context.setDefaultTimeout(20_000);
  return context;
}

/**
 * axe runs as a script in the page, which hangs where scripts are off; the
 * markup is the same with and without, and the JavaScript run checks it.
 */
async function expectAccessibleWhereAxeRuns(page: Page, javaScript: boolean) {
  if (javaScript) await expectAccessible(page);
}

/** Without JavaScript a click navigates: wait for the next page before reading it. */
async function submit(page: Page, name: string) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name }).click()]);
}

async function createFromIran(page: Page, slug: string, javaScript: boolean) {
  await page.goto(appUrl("/staff"));
  await page.getByRole("link", { name: "New campaign" }).click();
  await page.getByRole("heading", { name: "New campaign" }).waitFor();
  await page
    .getByLabel("Start from an earlier campaign")
    .selectOption({ label: "Iran: end impunity for the killing of protesters" });
  await submit(page, "Use it");
  await page.getByText("Started from “Iran: end impunity").waitFor();
  await expectAccessibleWhereAxeRuns(page, javaScript);

  // Bad input first: the messages sit at their fields and the typing stays.
  await page.getByLabel("Address", { exact: true }).fill("Sudan El Fasher");
  await page.getByLabel("Title", { exact: true }).fill("Sudan: protect civilians in El Fasher");
  await page
    .getByLabel("Summary", { exact: true })
    .fill("The siege of El Fasher puts civilians at risk.");
  await page.getByLabel("Public text (optional)").fill("<script>alert(1)</script>");
  await submit(page, "Create the draft");
  await page
    .locator("#slug-error")
    .getByText(/no spaces or capitals/)
    .waitFor();
  expect(await page.locator("#publicText-error").textContent()).toMatch(/HTML/);
  expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe(
    "Sudan: protect civilians in El Fasher",
  );

  await page.getByLabel("Address", { exact: true }).fill(slug);
  await page
    .getByLabel("Public text (optional)")
    .fill(
      "Civilians in El Fasher need protection.\n\nRead [the appeal](https://example.org/appeal).",
    );
  await page.getByLabel(/Also carry its current positions over/).check();
  await submit(page, "Create the draft");
  await page.getByText("The campaign was created as a draft.").waitFor();
}

/** The new campaign's own ask, with the Security Council's procedural rule. */
async function addProceduralAsk(page: Page, slug: string) {
  await page.goto(appUrl(`/staff/campaigns/${slug}/asks`));
  await page.getByLabel("Short name (in links and exports)").fill("unsc-meeting-el-fasher");
  await page.getByLabel("Title").fill(newAskTitle);
  await page.getByRole("radio", { name: "Security Council: procedural decision" }).check();
  await submit(page, "Add ask");
  await page.getByRole("status").filter({ hasText: "Added the ask" }).waitFor();
}

async function writeLetter(page: Page, slug: string, country: string, email: string) {
  await page.goto(appUrl(`/c/${slug}`));
  await page.getByRole("link", { name: "Write to your government" }).click();
  await page.getByRole("heading", { name: "Write to your government" }).waitFor();
  await page.getByLabel("Convene a special session of the Human Rights Council").check();
  await page.getByLabel(/Your country/).selectOption({ label: country });
  await page.getByLabel("Your name").fill("Amal Haroun");
  await page.getByLabel("Your e-mail").fill(email);
  await submit(page, "Preview my letter");
  await page.getByRole("heading", { name: "Check your letter" }).waitFor();
  await submit(page, "Send (we will ask you to confirm by e-mail)");
  await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
  const [confirmation] = await waitForMail(email);
  const link = /https?:\/\/\S+\/confirm\/[\w-]+/.exec(confirmation?.text ?? "")?.[0] ?? "";
  await page.goto(appUrl(new URL(link).pathname));
  await submit(page, "Confirm and send my letter");
  await page.getByRole("heading", { name: "Thank you" }).waitFor();
}

async function startedLetters(page: Page, slug: string): Promise<string | null> {
  await page.goto(appUrl(`/staff/campaigns/${slug}/metrics`));
  await page.getByRole("heading", { level: 1, name: /^Metrics: / }).waitFor();
  return page
    .locator("table.metrics-table tr", {
      has: page.getByRole("rowheader", { name: "Started", exact: true }),
    })
    .locator("td")
    .first()
    .textContent();
}

async function lettersCsv(page: Page, slug: string): Promise<string> {
  const response = await page.request.get(appUrl(`/staff/campaigns/${slug}/export/letters.csv`));
  expect(response.status()).toBe(200);
  return response.text();
}

describe("an editor runs a campaign of their own", () => {
  for (const run of runs) {
    it(`creates it from the Iran one, previews, opens, takes a letter and closes it (${run.javaScript ? "with" : "without"} JavaScript)`, async () => {
      const staffContext = await newContext(run.javaScript);
      const { page, foreignRequests, consoleErrors } = await watchedPage(staffContext);
      await signIn(page, e2eStaff.editor);
      await createFromIran(page, run.slug, run.javaScript);
      await addProceduralAsk(page, run.slug);

      // The draft: staff preview it with a banner; the public gets a 404.
      await page.goto(appUrl(`/staff/campaigns/${run.slug}`));
      await page.getByRole("link", { name: "Preview the public page" }).click();
      await page.getByText("Preview:").waitFor();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Sudan: protect civilians in El Fasher",
      );
      expect(await page.getByRole("link", { name: "the appeal" }).getAttribute("href")).toBe(
        "https://example.org/appeal",
      );
      await page.getByText(newAskTitle).first().waitFor();
      const publicContext = await newContext(run.javaScript);
      const visitor = await publicContext.newPage();
      expect((await visitor.goto(appUrl(`/c/${run.slug}`)))?.status()).toBe(404);

      await page.goto(appUrl(`/staff/campaigns/${run.slug}`));
      await submit(page, "Open the campaign");
      await page.getByRole("heading", { name: "Status: Open" }).waitFor();

      const email = `amal.${run.iso3.toLowerCase()}.${Date.now()}@example.org`;
      await writeLetter(visitor, run.slug, run.country, email);
      expect(await visitor.getByText("Preview:").count()).toBe(0);

      // The letter counts in this campaign's metrics and exports only.
      expect(await startedLetters(page, run.slug)).toBe("1");
      expect(
        (await lettersCsv(page, run.slug)).match(new RegExp(`,${run.iso3},`, "g")),
      ).toHaveLength(1);
      expect(await lettersCsv(page, "iran-end-impunity")).not.toContain(`,${run.iso3},`);

      await page.goto(appUrl(`/staff/campaigns/${run.slug}`));
      await submit(page, "Close the campaign");
      await page.getByRole("heading", { name: "Status: Closed" }).waitFor();
      await visitor.goto(appUrl(`/c/${run.slug}`));
      await visitor.getByText("This campaign is closed and no longer takes letters.").waitFor();
      expect(await visitor.getByRole("link", { name: "Write to your government" }).count()).toBe(0);
      expect((await visitor.goto(appUrl(`/c/${run.slug}/write`)))?.status()).toBe(404);
      await visitor.goto(appUrl("/"));
      await visitor
        .getByRole("link", { name: "Sudan: protect civilians in El Fasher" })
        .first()
        .waitFor();
      await expectAccessibleWhereAxeRuns(visitor, run.javaScript);

      expect(foreignRequests).toEqual([]);
      // The one refused submission above answers 400 on purpose; nothing else may fail.
      expect(consoleErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
      expect(consoleErrors.length).toBeLessThanOrEqual(1);
      await publicContext.close();
      await staffContext.close();
    }, 180_000);
  }
});

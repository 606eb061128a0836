import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

// This file adds letters to New Zealand and Chile only, in February 2026: other tests use other states.
const campaign = "iran-end-impunity";
const metricsPath = `/staff/campaigns/${campaign}/metrics`;
const period = "?from=2026-02-01&to=2026-02-28&tz=UTC";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  const sql = postgres(inject("appDatabaseUrl"), { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into letters (campaign_id, ask_id, state_iso3, target_kind, language, subject,
        template_version, status, bounce_token, created_at, confirmed_at, sent_at)
      select c.id, a.id, (array['NZL', 'CHL'])[1 + g % 2], 'ministry', 'en', 'Iran', 'file',
        'sent', 'e2e-metrics-' || g,
        timestamptz '2026-02-03 09:00:00+00' + g * interval '1 day',
        timestamptz '2026-02-03 09:05:00+00' + g * interval '1 day',
        timestamptz '2026-02-03 10:00:00+00' + g * interval '1 day'
      from campaigns c join asks a on a.campaign_id = c.id and a.slug = 'hrc-special-session',
        generate_series(1, 6) as g
      where c.slug = ${campaign}
      on conflict do nothing`;
  } finally {
    await sql.end();
  }
});
afterAll(() => browser?.close());

describe("campaign metrics", () => {
  it("a viewer reads the dashboard, changes the period and downloads a CSV", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(metricsPath));
    await page.getByRole("heading", { level: 1, name: /^Metrics: / }).waitFor();
    for (const name of ["Funnel", "Letters per day", "Responsiveness", "Downloads"]) {
      expect(await page.getByRole("heading", { level: 2, name }).count()).toBe(1);
    }
    expect(await page.getByRole("img", { name: /^Funnel of letters started/ }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("From", { exact: true }).fill("2026-02-01");
    await page.getByLabel("To", { exact: true }).fill("2026-02-28");
    await page.getByLabel("Time zone", { exact: true }).selectOption("Europe/Paris");
    await page.getByRole("button", { name: "Show metrics" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("tz")).toBe("Europe/Paris");
    const chart = page.getByRole("img", { name: /^Letters started and sent per day/ });
    await chart.waitFor();
    expect(await chart.getAttribute("aria-labelledby")).toBeTruthy();
    expect(await page.locator("#daily-caption + thead + tbody tr").count()).toBe(28);
    const newZealand = page.locator("table tr", { hasText: "New Zealand" }).first();
    expect(await newZealand.locator("td").first().textContent()).toBe("3");
    expect(
      await page
        .getByText("Correlation, not proof: a state may have moved for other reasons.")
        .count(),
    ).toBe(1);
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "CSV of letters", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^iran-end-impunity-letters-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = await readFile((await download.path()) ?? "", "utf8");
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(
      "id,campaign,ask,state,target_kind,language,status,created_at,confirmed_at,sent_at,source",
    );
    expect(rows.filter((row) => /,(NZL|CHL),/.test(row))).toHaveLength(6);
    expect(csv).not.toContain("@");

    // No link to supporters' personal data, and asking for it anyway is refused.
    expect(await page.getByRole("link", { name: /personal data/i }).count()).toBe(0);
    const refused = await page.request.get(
      appUrl(`/staff/campaigns/${campaign}/export/letters.csv?personal=1`),
    );
    expect(refused.status()).toBe(403);

    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(`${metricsPath}${period}`));
    await page.getByLabel("From", { exact: true }).fill("2026-02-10");
    await page.getByRole("button", { name: "Show metrics" }).click();
    await page.waitForLoadState("load");
    expect(new URL(page.url()).searchParams.get("from")).toBe("2026-02-10");
    expect(await page.locator("#daily-caption + thead + tbody tr").count()).toBe(19);
    await context.close();
  });

  it("explains a date that does not exist and shows the last 30 days", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(`${metricsPath}?from=2026-02-30&to=2026-03-01`));
    expect(await page.getByRole("alert").textContent()).toContain("last 30 days");
    expect(await page.locator("#range-from-error").textContent()).toBe(
      "Use a date like 2026-03-01",
    );
    expect(await page.getByLabel("From", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(await page.locator("#daily-caption + thead + tbody tr").count()).toBe(30);
    await expectAccessible(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("prints a report for one state's mission", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(`/staff/campaigns/${campaign}/report/NZL`));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Letters to New Zealand",
    );
    expect(await page.getByText(/Print/).first().isVisible()).toBe(true);
    await expectAccessible(page);
    const pdf = await page.request.get(
      appUrl(
        (await page
          .getByRole("link", { name: "download the report as a PDF" })
          .getAttribute("href")) ?? "",
      ),
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-hint").isVisible()).toBe(false);
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

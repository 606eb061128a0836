import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { letters } from "#db/schema";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { submitLetter } from "~/letters/letters.server";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { followUpTokenFor } from "~/supporters/supporter-tokens.server";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";

// This file only records responses for Mexico: other tests use other states.
const campaign = "iran-end-impunity";
const askTitle = "Convene a special session of the Human Rights Council";
const base = `/staff/campaigns/${campaign}`;

let browser: Browser;
let handle: DatabaseHandle;
beforeAll(async () => {
  browser = await launchBrowser();
  handle = connectDatabase(inject("appDatabaseUrl"), { max: 2 });
});
afterAll(async () => {
  await browser?.close();
  await handle?.close();
});

/** A supporter in Mexico writes; the app's worker delivers the letter and sets its follow-up link. */
async function deliveredLetterFromMexico(): Promise<string> {
  const demo = await getCampaignWithAsks(handle.db, campaign);
  const ask = demo?.asks.find((a) => a.slug === "hrc-special-session");
  if (!demo || !ask) throw new Error("demo campaign missing");
  const submitted = await submitLetter(handle.db, {
    campaign: { ...demo, confirmBeforeSend: false },
    ask,
    input: {
      ask: ask.slug,
      country: "MEX",
      name: "Lucía Hernández",
      email: `lucia.${Date.now()}@example.org`,
      city: "Puebla",
      personalParagraph: "",
      language: "es",
      consentUpdates: false,
      website: "",
    },
    approvedBody:
      "Excelencia:\n\nLe pido que México apoye una sesión especial del Consejo.\n\nLucía",
    clientIp: null,
  });
  if (submitted.kind !== "created") throw new Error(`letter not created: ${submitted.kind}`);
  const letterId = submitted.letterIds[0] ?? 0;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [letter] = await handle.db.select().from(letters).where(eq(letters.id, letterId));
    // The row holds the link token's hash; the token is made again from the id.
    if (letter?.followUpToken) return followUpTokenFor(letterId);
    if (Date.now() > deadline) throw new Error(`letter ${letterId} was not delivered`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("delegation responses", () => {
  it("an editor logs Mexico's response with a position change; the timeline shows both", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors, foreignRequests } = await watchedPage(context);
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(`${base}/responses`));
    await page.getByRole("heading", { level: 1, name: "Responses from states" }).waitFor();
    await expectAccessible(page);

    // Submitting without a summary keeps what was typed and marks the field.
    const summary = `Mexico will favour a special session (browser test ${Date.now()}).`;
    await page.getByLabel("State", { exact: true }).selectOption({ label: "Mexico" });
    await page.getByRole("checkbox", { name: askTitle }).check();
    await page.getByLabel("Channel", { exact: true }).selectOption({ label: "Note verbale" });
    await page.getByLabel(/^Responder/).fill("Permanent Mission of Mexico in Geneva");
    await page.getByRole("button", { name: "Log response" }).click();
    await page.locator("#summary-error").waitFor();
    expect(await page.getByLabel(/^Responder/).inputValue()).toBe(
      "Permanent Mission of Mexico in Geneva",
    );
    expect(await page.getByRole("checkbox", { name: askTitle }).isChecked()).toBe(true);

    await page.getByLabel("Summary").fill(summary);
    await page.getByLabel("Full text (optional)").fill("The Permanent Mission of Mexico presents…");
    await page.getByLabel("New position").selectOption("leaning_support");
    await page.getByLabel("On the ask").selectOption({ label: askTitle });
    await page.getByRole("button", { name: "Log response" }).click();
    await page.getByRole("status").filter({ hasText: "Logged the response from Mexico" }).waitFor();
    const listed = page.locator("table.timeline tbody tr").filter({ hasText: summary });
    expect(await listed.textContent()).toContain("Leaning support");
    await expectAccessible(page);

    await page.goto(appUrl(`${base}/states/MEX`));
    await page.getByRole("heading", { level: 1, name: "Mexico" }).waitFor();
    const rows = page.locator("table.timeline tbody tr").filter({ hasText: summary });
    expect(await rows.count()).toBe(2);
    const response = rows.filter({
      has: page.getByRole("cell", { name: "Response", exact: true }),
    });
    expect(await response.textContent()).toContain("Response");
    expect(await response.textContent()).toContain("Permanent Mission of Mexico in Geneva");
    expect(await response.getByRole("link", { name: /Full text/ }).getAttribute("href")).toMatch(
      /\/responses\?state=MEX#response-\d+$/,
    );
    const observation = rows.filter({ hasText: "Leaning support" });
    expect(await observation.textContent()).toMatch(/Response: note verbale of \d{4}-\d{2}-\d{2}/);
    await expectAccessible(page);
    // The one refused submission above answers 400, which the browser logs.
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it("a supporter reports a reply without JavaScript and an editor accepts it", async () => {
    const token = await deliveredLetterFromMexico();
    const replyText = `La Secretaría agradece su carta ${Date.now()} y estudiará la petición.`;

    // axe needs JavaScript: check the page in a browser with it, answer in one without.
    const checker = await browser.newContext();
    const checked = await checker.newPage();
    await checked.goto(appUrl(`/r/${token}/replied`));
    await checked.getByRole("heading", { name: "You received a reply" }).waitFor();
    await expectAccessible(checked);
    await checker.close();

    const supporter = await browser.newContext({ javaScriptEnabled: false });
    const answer = await supporter.newPage();
    await answer.goto(appUrl(`/r/${token}/replied`));
    await answer.getByLabel("The reply (optional)").fill(replyText);
    await answer.getByRole("button", { name: "Send my answer" }).click();
    await answer.getByRole("heading", { name: "Thank you" }).waitFor();
    // Another answer later changes nothing.
    await answer.goto(appUrl(`/r/${token}/no-reply`));
    expect(await answer.getByRole("status").textContent()).toMatch(/already recorded/);
    expect(await answer.getByRole("button", { name: /Confirm/ }).count()).toBe(0);
    const missing = await answer.goto(appUrl("/r/not-a-token/replied"));
    expect(missing?.status()).toBe(404);
    await supporter.close();

    const context = await browser.newContext();
    const { page, consoleErrors } = await watchedPage(context);
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(`${base}/review`));
    await page.getByRole("heading", { level: 1, name: "Review queue" }).waitFor();
    const report = page.getByRole("article").filter({ hasText: replyText });
    expect(await report.getByRole("heading", { level: 2 }).textContent()).toBe(
      `Mexico: ${askTitle}`,
    );
    expect(await report.textContent()).toContain("The supporter's answer to the follow-up");
    expect(await report.textContent()).not.toContain("Lucía");
    expect(await report.getByLabel("Summary").inputValue()).toBe(replyText);
    await expectAccessible(page);

    await report.getByLabel("Summary").fill("Mexico's ministry said it would study the request.");
    await report.getByRole("button", { name: "Accept" }).click();
    await page.getByRole("status").filter({ hasText: "Accepted" }).waitFor();
    expect(await page.getByRole("article").filter({ hasText: replyText }).count()).toBe(0);

    await page.goto(appUrl(`${base}/responses?state=MEX&channel=email`));
    const accepted = page
      .locator("table.timeline tbody tr")
      .filter({ hasText: "Mexico's ministry said it would study the request." });
    expect(await accepted.textContent()).toContain("Reported from a supporter's letter");
    expect(await accepted.textContent()).not.toContain("Lucía");
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

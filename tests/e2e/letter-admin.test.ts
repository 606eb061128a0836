import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { appUrl, expectAccessible, launchBrowser, signIn, watchedPage } from "./browser";
import { waitForMail } from "./mailbox";

const base = "/staff/campaigns/iran-end-impunity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("letter templates and letters for staff", () => {
  it("an editor edits a template, previews it live, saves a version and sends a test", async () => {
    const context = await browser.newContext();
    const { page, foreignRequests, consoleErrors } = await watchedPage(context);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(`${base}/templates?ask=hrc-special-session`));
    await page.getByRole("heading", { name: "Letter templates" }).waitFor();
    // The first live preview shows once the page is interactive.
    const preview = page.locator("#preview-body");
    await preview.waitFor();

    await page.getByLabel("Preview for a supporter from").selectOption({ label: "Mexico" });
    await expect
      .poll(() => page.locator("#preview").textContent())
      .toContain("Secretaría de Relaciones Exteriores");

    const marker = `A sentence written in the browser test ${Date.now()}.`;
    const body = page.getByLabel("Letter", { exact: true });
    await body.fill(`${await body.inputValue()}\n\n${marker}`);
    await expect.poll(() => preview.textContent()).toContain(marker);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Save new version" }).click();
    await page.getByText(/Saved version \d+\./).waitFor();
    expect(await page.getByLabel("Letter", { exact: true }).inputValue()).toContain(marker);
    expect(await page.locator("#versions-heading + table").textContent()).toContain(
      e2eStaff.editor,
    );

    await page.getByRole("button", { name: "Send a test to me" }).click();
    await page.getByText(/Sent a test to e2e-editor@example\.org/).waitFor();
    const [test] = await waitForMail(e2eStaff.editor);
    expect(test?.subject).toMatch(/^\[TEST\] /);
    expect(test?.text).toContain(marker);

    await page.goto(appUrl(`${base}/letters`));
    await page.getByRole("heading", { name: "Letters", exact: true }).waitFor();
    await expectAccessible(page);
    expect(foreignRequests, foreignRequests.join(" ")).toEqual([]);
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: preview by posting, errors beside the field, text kept", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(`${base}/templates?ask=universal-jurisdiction&language=es`));
    await page.getByLabel("Preview for a supporter from").selectOption({ label: "Mexico" });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-body").waitFor();
    expect(await page.locator("#preview-body").textContent()).toContain("Alex Sample");

    const body = page.getByLabel("Letter", { exact: true });
    const broken = `${await body.inputValue()}\n{{supporter.nombre}}`;
    await body.fill(broken);
    await page.getByRole("button", { name: "Save new version" }).click();
    await page.locator("#body-error").waitFor();
    expect(await page.locator("#body-error").textContent()).toMatch(
      /Line \d+, column \d+: Unknown variable "supporter.nombre"/,
    );
    expect(await page.getByLabel("Letter", { exact: true }).inputValue()).toBe(broken);
    await context.close();
  });

  it("an editor stops the pending letters to a state that now supports the ask", async () => {
    const context = await browser.newContext({ locale: "en-KE" });
    const { page, consoleErrors } = await watchedPage(context);
    // A supporter in Kenya writes; the letter waits for their confirmation.
    await page.goto(appUrl("/c/iran-end-impunity/write"));
    await page.getByLabel("Open universal-jurisdiction investigations").check();
    await page.getByLabel(/Your country/).selectOption({ label: "Kenya" });
    await page.getByLabel("Your name").fill("Wanjiru Kamau");
    await page.getByLabel("Your e-mail").fill(`wanjiru.${Date.now()}@example.org`);
    await page.getByLabel("Language of the letter").selectOption("en");
    await page.getByRole("button", { name: "Preview my letter" }).click();
    await page.getByRole("button", { name: /^Send/ }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();

    await signIn(page, e2eStaff.editor);
    await page.goto(appUrl(`${base}/states/KEN?ask=universal-jurisdiction`));
    await page.getByLabel("Position or recorded vote").selectOption("supports");
    await page.getByLabel("Source title").fill("Statement by the Attorney General");
    await page.getByLabel("Public").check();
    await page.getByRole("button", { name: "Record observation" }).click();
    await page.getByText(/Recorded a new observation/).waitFor();

    await page.goto(appUrl(`${base}/letters`));
    const card = page.locator("#suppression li", { hasText: "Kenya" });
    await card.waitFor();
    expect(await card.textContent()).toContain("1 awaiting confirmation");
    await expectAccessible(page);
    await card.getByLabel(/Reason/).fill("Kenya has opened investigations");
    await card.getByRole("button", { name: /Stop them/ }).click();
    await page.getByText(/Stopped 1 pending letter to Kenya/).waitFor();
    expect(await page.locator("#suppression li", { hasText: "Kenya" }).count()).toBe(0);
    expect(await page.locator("#latest-heading ~ section").textContent()).toContain(
      "stopped by staff: Kenya has opened investigations",
    );
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    await context.close();
  });

  it("a viewer sees the letters page but not the template editor", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, e2eStaff.viewer);
    await page.goto(appUrl(`${base}/letters`));
    await page.getByRole("heading", { name: "Letters by status" }).waitFor();
    expect(await page.getByRole("button", { name: /Stop them/ }).count()).toBe(0);
    const response = await page.goto(appUrl(`${base}/templates`));
    expect(response?.status()).toBe(403);
    await context.close();
  });
});

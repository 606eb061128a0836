import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, expectAccessible, launchBrowser, watchedPage } from "./browser";
import { waitForLetterFrom, waitForMail } from "./mailbox";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function fillLetterForm(
  page: Page,
  supporter: { email: string; country: string; name: string },
) {
  await page.getByLabel("Convene a special session of the Human Rights Council").check();
  await page.getByLabel(/Your country/).selectOption({ label: supporter.country });
  await page.getByLabel("Your name").fill(supporter.name);
  await page.getByLabel("Your e-mail").fill(supporter.email);
  await page.getByLabel("Your city (optional)").fill("Porto Alegre");
  await page.getByLabel("A few words of your own (optional)").fill("Mi prima vive en Teherán.");
  await page.getByLabel("Language of the letter").selectOption("es");
}

async function confirmFromMail(page: Page, email: string) {
  const [confirmation] = await waitForMail(email);
  const link = /https?:\/\/\S+\/confirm\/[\w-]+/.exec(confirmation?.text ?? "")?.[0];
  expect(link).toBeTruthy();
  // The link points at APP_URL; the test app listens on the same host and port.
  await page.goto(appUrl(new URL(link ?? "").pathname));
  await page.getByRole("button", { name: "Confirm and send my letter" }).click();
  await page.getByRole("heading", { name: "Thank you" }).waitFor();
}

describe("a supporter writes to their foreign ministry", () => {
  it("previews, sends, confirms from the e-mail, and the ministry receives the letter", async () => {
    const context = await browser.newContext({ locale: "es-BR" });
    const { page, foreignRequests } = await watchedPage(context);
    // A Spanish browser gets Spanish pages (tests/e2e/languages.test.ts); this supporter picks
    // English, and the browser's language still preselects Brazil and a Spanish letter.
    await page.goto(appUrl("/c/iran-end-impunity?lang=en"));
    await page.getByRole("link", { name: "Write to your government" }).click();
    await page.getByRole("heading", { name: "Write to your government" }).waitFor();
    await expectAccessible(page);
    const email = `ana.${Date.now()}@example.org`;
    await fillLetterForm(page, { email, country: "Brazil", name: "Ana Souza" });
    await page.getByRole("button", { name: "Preview my letter" }).click();
    await page.getByRole("heading", { name: "Check your letter" }).waitFor();
    const letter = await page.getByLabel("Your letter").inputValue();
    expect(letter).toContain("Ana Souza");
    expect(letter).toContain("Mi prima vive en Teherán.");
    await expectAccessible(page);
    await page.getByRole("button", { name: /^Send/ }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();

    await confirmFromMail(page, email);
    expect(await page.locator(".big-figure").textContent()).toMatch(/Brazil/);
    await expectAccessible(page);

    const [delivered] = await waitForLetterFrom("ministry.bra@demo.example.org", email);
    expect(delivered?.text).toContain("Mi prima vive en Teherán.");
    expect(delivered?.replyTo?.text).toContain(email);
    expect(foreignRequests, foreignRequests.join(" ")).toEqual([]);
    await context.close();
  });

  it("works without JavaScript, shows errors next to the fields and keeps what was typed", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(appUrl("/c/iran-end-impunity/write"));
    await page.getByLabel("Your name").fill("Kenji");
    await page.getByLabel("Your e-mail").fill("not-an-address");
    // The browser's language (en-US) preselects the United States: unset it.
    expect(await page.getByLabel(/Your country/).inputValue()).toBe("USA");
    await page.getByLabel(/Your country/).selectOption({ value: "" });
    await page.getByRole("button", { name: "Preview my letter" }).click();
    expect(await page.locator("#country-error").textContent()).toMatch(/country/);
    expect(await page.locator("#email-error").textContent()).toMatch(/e-mail/);
    expect(await page.getByLabel("Your name").inputValue()).toBe("Kenji");

    const email = `kenji.${Date.now()}@example.org`;
    await fillLetterForm(page, { email, country: "Japan", name: "Kenji Sato" });
    await page.getByRole("button", { name: "Preview my letter" }).click();
    await page.getByRole("heading", { name: "Check your letter" }).waitFor();
    await page.getByRole("button", { name: /^Send/ }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    await confirmFromMail(page, email);
    const [delivered] = await waitForLetterFrom("ministry.jpn@demo.example.org", email);
    expect(delivered?.text).toContain("Kenji Sato");
    // A reused link changes nothing.
    const [confirmation] = await waitForMail(email);
    const path = new URL(
      /https?:\/\/\S+\/confirm\/[\w-]+/.exec(confirmation?.text ?? "")?.[0] ?? "",
    ).pathname;
    await page.goto(appUrl(path));
    await page.getByRole("button", { name: "Confirm and send my letter" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("main").textContent()).toMatch(/already confirmed/);
    await context.close();
  });

  it("writes to Germany in German by default, and says so on an English page, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(appUrl("/c/iran-end-impunity/write"));
    expect(await page.getByLabel("Language of the letter").inputValue()).toBe("");
    await page.getByLabel("Convene a special session of the Human Rights Council").check();
    await page.getByLabel(/Your country/).selectOption({ label: "Germany" });
    await page.getByLabel("Your name").fill("Jonas Weber");
    await page.getByLabel("Your e-mail").fill(`jonas.${Date.now()}@example.org`);
    await page.getByLabel("A few words of your own (optional)").fill("I studied in Shiraz.");
    await page.getByRole("button", { name: "Preview my letter" }).click();
    await page.getByRole("heading", { name: "Check your letter" }).waitFor();
    const letter = page.getByLabel("Your letter");
    expect(await letter.getAttribute("lang")).toBe("de");
    expect(await letter.inputValue()).toContain(
      "Sehr geehrte Frau Ministerin, sehr geehrter Herr Minister,",
    );
    expect(await letter.inputValue()).toMatch(/Jonas Weber\nDeutschland$/);
    const note = page.locator("#letter-language-note");
    expect(await note.textContent()).toContain("German");
    // The supporter's own words, as typed, beside the letter in another language.
    expect(await note.locator("blockquote").textContent()).toBe("I studied in Shiraz.");
    await context.close();
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fr from "../../app/i18n/messages/fr.json";
import { e2eStaff } from "../setup/global-app";
import { appUrl, launchBrowser, signIn, watchedPage } from "./browser";

const slug = "iran-end-impunity";
const translations = (language: string) =>
  `/staff/campaigns/${slug}/translations?language=${language}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function editor(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const watched = await watchedPage(context);
  await signIn(watched.page, e2eStaff.editor);
  return { context, ...watched };
}

/** Empties the language's form and saves: the translation is gone, as staff remove one. */
async function removeTranslation(page: Page, language: string) {
  await page.goto(appUrl(translations(language)));
  for (const input of await page.locator(".side-by-side__input").all()) await input.fill("");
  await page.getByRole("button", { name: /^Save the/ }).click();
  await page.getByText("Saved.").waitFor();
}

describe("campaign texts per language", () => {
  it("an editor writes the French title and summary beside the English; the fr page shows them (JavaScript)", async () => {
    const { context, page, consoleErrors, foreignRequests } = await editor(true);
    await page.goto(appUrl(`/staff/campaigns/${slug}`));
    await page.getByRole("link", { name: "Translations" }).click();
    await page.getByRole("heading", { name: "Translations of the campaign's texts" }).waitFor();
    // Side by side: the English text read-only, the French input marked as French.
    const title = page.locator("#title");
    expect(await title.getAttribute("lang")).toBe("fr");
    expect(await page.locator(".side-by-side__own").first().getAttribute("lang")).toBe("en");
    await title.fill("Iran : mettre fin à l'impunité");
    await page.locator("#summary").fill("Écrivez à votre gouvernement pour demander des comptes.");
    await page.getByRole("button", { name: "Save the French texts" }).click();
    await page.getByText("Saved.").waitFor();
    expect(await page.getByText("French", { exact: false }).first().textContent()).toContain(
      "French",
    );

    const visitor = await browser.newContext();
    const visiting = await watchedPage(visitor);
    const publicPage = visiting.page;
    await publicPage.goto(appUrl(`/c/${slug}?lang=fr`));
    await publicPage
      .getByRole("heading", { level: 1, name: "Iran : mettre fin à l'impunité" })
      .waitFor();
    expect(await publicPage.locator("main").textContent()).toContain(
      "Écrivez à votre gouvernement pour demander des comptes.",
    );
    // The asks are not translated: shown in English, marked so, with the note.
    const note = fr["campaign.untranslated"].split("{")[0] ?? "";
    expect(await publicPage.locator("#untranslated-note").textContent()).toContain(note);
    expect(await publicPage.locator(".tally__title[lang='en']").count()).toBeGreaterThan(0);
    expect(visiting.consoleErrors).toEqual([]);
    await visitor.close();

    await removeTranslation(page, "fr");
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it("a Persian translation, written without JavaScript, reads right to left", async () => {
    const { context, page } = await editor(false);
    await page.goto(appUrl(translations("fa")));
    expect(await page.locator("#title").getAttribute("dir")).toBe("rtl");
    await page.locator("#title").fill("ایران: پایان مصونیت از مجازات");
    await page.getByRole("button", { name: "Save the Persian texts" }).click();
    await page.getByText("Saved.").waitFor();
    expect(await page.locator("#title").inputValue()).toBe("ایران: پایان مصونیت از مجازات");

    // A field error keeps what was typed, beside the field.
    await page.locator("#summary").fill("یک.\n\nدو.");
    await page.getByRole("button", { name: "Save the Persian texts" }).click();
    expect(await page.locator("#summary-error").textContent()).toContain("one paragraph");
    expect(await page.locator("#summary").inputValue()).toBe("یک.\n\nدو.");

    const visitor = await browser.newContext({ javaScriptEnabled: false });
    const publicPage = await visitor.newPage();
    await publicPage.goto(appUrl(`/c/${slug}?lang=fa`));
    const heading = publicPage.getByRole("heading", { level: 1 });
    expect(await heading.textContent()).toBe("ایران: پایان مصونیت از مجازات");
    expect(await heading.getAttribute("lang")).toBeNull();
    expect(await publicPage.evaluate(() => document.documentElement.dir)).toBe("rtl");
    // The summary is untranslated: English, left to right inside the Persian page.
    const summary = publicPage.locator("main p[lang='en']").first();
    expect(await summary.getAttribute("dir")).toBe("ltr");
    await visitor.close();

    await page.locator("#summary").fill("");
    await removeTranslation(page, "fa");
    await context.close();
  });

  it("a campaign written in French: a German browser reads it in French, an English one is told (no JavaScript)", async () => {
    const { context, page } = await editor(false);
    const frSlug = "soudan-el-fasher-fr";
    await page.goto(appUrl("/staff/campaigns/new"));
    await page
      .getByLabel("Language of the campaign's texts")
      .selectOption({ label: "French (français)" });
    await page.getByLabel("Address", { exact: true }).fill(frSlug);
    await page
      .getByLabel("Title", { exact: true })
      .fill("Soudan : protéger les civils à El Fasher");
    await page
      .getByLabel("Summary", { exact: true })
      .fill("Le siège d'El Fasher met les civils en danger.");
    await Promise.all([
      page.waitForLoadState("load"),
      page.getByRole("button", { name: "Create the draft" }).click(),
    ]);
    await page.getByText("The campaign was created as a draft.").waitFor();
    await Promise.all([
      page.waitForLoadState("load"),
      page.getByRole("button", { name: "Open the campaign" }).click(),
    ]);
    await page.getByRole("heading", { name: "Status: Open" }).waitFor();
    await page.goto(appUrl(`/staff/campaigns/${frSlug}/edit`));
    expect(await page.getByLabel("Language of the campaign's texts").inputValue()).toBe("fr");

    // German is not a public language: the campaign's own language comes before English.
    const german = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
    const reader = await german.newPage();
    await reader.goto(appUrl(`/c/${frSlug}`));
    expect(await reader.evaluate(() => document.documentElement.lang)).toBe("fr");
    const heading = reader.getByRole("heading", { level: 1 });
    expect(await heading.textContent()).toBe("Soudan : protéger les civils à El Fasher");
    expect(await heading.getAttribute("lang")).toBeNull();
    expect(await reader.locator("#untranslated-note").count()).toBe(0);
    await german.close();

    // An English browser gets English pages, the French texts marked and explained.
    const english = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const visitor = await english.newPage();
    await visitor.goto(appUrl(`/c/${frSlug}`));
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await visitor.getByRole("heading", { level: 1 }).getAttribute("lang")).toBe("fr");
    expect(await visitor.locator("#untranslated-note").textContent()).toContain("French");
    await english.close();
    await context.close();
  });
});

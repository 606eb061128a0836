import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import english from "../../app/i18n/messages/en.json";
import fa from "../../app/i18n/messages/fa.json";
import zh from "../../app/i18n/messages/zh.json";
import { appUrl, expectAccessible, launchBrowser, watchedPage } from "./browser";

const campaign = "/c/iran-end-impunity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function pageLanguage(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));
}

/** The page's visible text, which must hold no sentence of the English catalogue. */
async function englishLeftOn(page: Page): Promise<string[]> {
  const text = (await page.locator("body").textContent()) ?? "";
  // Short values ("State", "E-mail") can be part of names; a sentence or label of 12+ letters cannot.
  const sentences = Object.values(english)
    .map((message) => message.split(/[{<]/)[0]?.trim() ?? "")
    .filter((start) => start.length >= 12);
  return sentences.filter((sentence) => text.includes(sentence));
}

async function noJavaScript(locale = "en-US"): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, locale });
}

describe("public pages in the supporter's language", () => {
  it("take a Persian supporter through the letter without JavaScript, right to left", async () => {
    const context = await noJavaScript();
    const page = await context.newPage();
    await page.goto(appUrl(`${campaign}?lang=fa`));
    expect(await pageLanguage(page)).toEqual({ lang: "fa", dir: "rtl" });
    await page.getByRole("heading", { name: fa["campaign.whatWeAsk"] }).waitFor();
    // Persian digits in counts, Persian names in the table.
    expect(await page.locator("main").textContent()).toMatch(/[۰-۹]/);
    expect(await page.locator("main").textContent()).toContain("آلمان");

    // The choice is remembered: the next page, reached by a plain link, is in Persian too.
    await page.getByRole("link", { name: fa["campaign.writeCall"] }).first().click();
    await page.getByRole("heading", { name: fa["write.title"] }).waitFor();
    expect(await pageLanguage(page)).toEqual({ lang: "fa", dir: "rtl" });
    expect(page.url()).not.toContain("lang=");

    // Errors beside the fields, in Persian.
    await page.getByLabel(fa["write.name"]).fill("مریم");
    await page.getByRole("button", { name: fa["write.previewButton"] }).click();
    expect(await page.locator("#email-error").textContent()).toBe(fa["formError.email"]);
    expect(await page.getByLabel(fa["write.name"]).inputValue()).toBe("مریم");

    await page.locator('input[name="ask"]').first().check();
    await page.getByLabel(fa["write.country"]).selectOption("DEU");
    expect(await page.getByLabel(fa["write.country"]).locator("option:checked").textContent()).toBe(
      "آلمان",
    );
    await page.getByLabel(fa["write.email"]).fill(`maryam.${Date.now()}@example.org`);
    await page.getByRole("button", { name: fa["write.previewButton"] }).click();
    await page.getByRole("heading", { name: fa["preview.title"] }).waitFor();
    expect(await page.getByLabel(fa["preview.body"]).inputValue()).toContain("مریم");
    expect(await englishLeftOn(page)).toEqual([]);
    await page.getByRole("button", { name: /^ارسال/ }).click();
    await page.getByRole("heading", { name: fa["sent.confirmTitle"] }).waitFor();
    expect(await pageLanguage(page)).toEqual({ lang: "fa", dir: "rtl" });
    await context.close();
  });

  it("switch language by plain links that keep the address's other parameters", async () => {
    const context = await noJavaScript();
    const page = await context.newPage();
    await page.goto(appUrl(`${campaign}/sent?status=queued&country=DEU`));
    expect(await pageLanguage(page)).toEqual({ lang: "en", dir: "ltr" });
    const switcher = page.getByRole("navigation", { name: english["site.languages"] });
    expect(await switcher.getByRole("link", { name: "English" }).getAttribute("aria-current")).toBe(
      "true",
    );
    const arabic = switcher.getByRole("link", { name: "العربية" });
    expect(await arabic.getAttribute("hreflang")).toBe("ar");
    expect(await arabic.getAttribute("lang")).toBe("ar");
    await arabic.click();
    await page.waitForURL((url) => url.searchParams.get("lang") === "ar");
    expect(new URL(page.url()).searchParams.get("status")).toBe("queued");
    expect(await pageLanguage(page)).toEqual({ lang: "ar", dir: "rtl" });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("رسالتك في طريقها");
    // Then the campaign page, through its link: still Arabic (the cookie).
    await page.getByRole("link", { name: /^العودة إلى/ }).click();
    await page.waitForURL((url) => url.pathname === campaign);
    expect(await pageLanguage(page)).toEqual({ lang: "ar", dir: "rtl" });
    await context.close();
  });

  // axe runs as a script: these pages are checked where scripts run (the markup is the same).
  it("have no serious accessibility finding in Arabic and Persian", async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    for (const language of ["ar", "fa"]) {
      for (const path of [campaign, `${campaign}/write`]) {
        await page.goto(appUrl(`${path}?lang=${language}`));
        expect(await pageLanguage(page)).toEqual({ lang: language, dir: "rtl" });
        await expectAccessible(page);
      }
    }
    await context.close();
  }, 240_000);

  it("follow a Chinese browser's Accept-Language, with JavaScript, and hydrate cleanly", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const { page, consoleErrors, foreignRequests } = await watchedPage(context);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(appUrl(campaign));
    await page.waitForFunction(() => "__remixRouter" in window, null, { timeout: 10_000 });
    expect(await pageLanguage(page)).toEqual({ lang: "zh", dir: "ltr" });
    await page.getByRole("link", { name: zh["campaign.writeCall"] }).first().click();
    await page.getByRole("heading", { name: zh["write.title"] }).waitFor();
    await page.locator('input[name="ask"]').first().check();
    await page.getByLabel(zh["write.country"]).selectOption("CHN");
    await page.getByLabel(zh["write.name"]).fill("李华");
    await page.getByLabel(zh["write.email"]).fill(`li.${Date.now()}@example.org`);
    await page.getByRole("button", { name: zh["write.previewButton"] }).click();
    await page.getByRole("heading", { name: zh["preview.title"] }).waitFor();
    expect(await pageLanguage(page)).toEqual({ lang: "zh", dir: "ltr" });
    expect(consoleErrors).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it("leave no English sentence on a public page in French, Arabic, Persian or Chinese", async () => {
    const paths = [
      "/",
      campaign,
      `${campaign}/asks/hrc-special-session`,
      `${campaign}/asks/unsc-icc-referral`,
      `${campaign}/write`,
      `${campaign}/sent?status=awaiting_confirmation`,
      `${campaign}/sent?status=awaiting_contact`,
      `${campaign}/thanks?country=DEU`,
      "/confirm/not-a-token",
      "/s/not-a-token/unsubscribe",
      "/s/not-a-token/delete",
      "/c/no-such-campaign",
    ];
    const context = await noJavaScript();
    const page = await context.newPage();
    for (const language of ["fr", "ar", "fa", "zh"]) {
      for (const path of paths) {
        const separator = path.includes("?") ? "&" : "?";
        await page.goto(appUrl(`${path}${separator}lang=${language}`));
        expect(await englishLeftOn(page), `${language} ${path}`).toEqual([]);
      }
    }
    await context.close();
  }, 300_000);
});

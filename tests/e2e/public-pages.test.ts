import { request } from "node:http";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlBudgetGzipBytes, scriptBudgetGzipBytes, scriptPathsIn } from "../../bench/budgets";
import { appUrl, expectAccessible, launchBrowser, watchedPage } from "./browser";

const campaign = "iran-end-impunity";
const asks = [
  "hrc-special-session",
  "unsc-icc-referral",
  "accountability-mechanism",
  "universal-jurisdiction",
  "unsc-meeting",
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Bytes on the wire for a gzip-accepting client, as the server compresses them. */
function gzipBytesServed(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(appUrl(path), { headers: { "accept-encoding": "gzip" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on("end", () => resolve(bytes));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A page that also records failed requests and page errors, beside console errors. */
async function strictPage(context: BrowserContext) {
  context.setDefaultTimeout(15_000);
  const watched = await watchedPage(context);
  const problems: string[] = [];
  watched.page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  watched.page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  watched.page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return { ...watched, problems };
}

/** The map inside `scope` is drawn: its states have a size, so the asset's shapes resolved. */
async function expectDrawnMap(page: Page, scope: string) {
  const states = page.locator(`${scope} a.stance-map__state`);
  expect(await states.count()).toBe(195);
  const france = states.filter({ has: page.locator("title", { hasText: /^France: / }) });
  const box = await france.locator("use").boundingBox();
  expect(box?.width).toBeGreaterThan(5);
  expect(box?.height).toBeGreaterThan(5);
}

describe("public pages on a slow link", () => {
  it("keep the campaign page and every ask page within the HTML budget", async () => {
    for (const path of [`/c/${campaign}`, ...asks.map((ask) => `/c/${campaign}/asks/${ask}`)]) {
      const response = await fetch(appUrl(path));
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(gzipSync(html).length, path).toBeLessThanOrEqual(htmlBudgetGzipBytes);
      expect(await gzipBytesServed(path), path).toBeLessThanOrEqual(htmlBudgetGzipBytes);
      // The geometry is in the asset, not in the page (a path's data would start "M").
      expect(html, path).not.toMatch(/ d="M/);
    }
  });

  it("load at most the script budget: no server-only library in the supporters' pages", async () => {
    const pages = [`/c/${campaign}`, `/c/${campaign}/asks/${asks[0]}`, `/c/${campaign}/write`, "/"];
    for (const path of pages) {
      const scripts = scriptPathsIn(await (await fetch(appUrl(path))).text());
      expect(scripts.length, path).toBeGreaterThan(3);
      let bytes = 0;
      for (const script of scripts) bytes += await gzipBytesServed(script);
      expect(bytes, path).toBeLessThanOrEqual(scriptBudgetGzipBytes);
    }
  });

  it("serve the map geometry as one asset cached for a year", async () => {
    const html = await (await fetch(appUrl(`/c/${campaign}`))).text();
    const hrefs = new Set([...html.matchAll(/<use href="([^"#]+)#[A-Za-z]+"/g)].map((m) => m[1]));
    expect(hrefs.size).toBe(1);
    const [asset] = [...hrefs];
    expect(asset).toMatch(/^\/maps\/[0-9a-f]{12}\/world\.svg$/);
    const response = await fetch(appUrl(asset));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-encoding")).toBe("gzip");
    const svg = await response.text();
    expect(svg).toContain('<path id="FRA" d="M');
    expect(svg).toContain('id="background"');
  });

  it("reach every ask's map and table by plain links, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const { page, consoleErrors, foreignRequests } = await watchedPage(context);
    await page.goto(appUrl(`/c/${campaign}`));
    // The first ask's map and table are on the campaign page itself.
    await expectDrawnMap(page, `#${asks[0]}`);
    expect(await page.locator(`#${asks[0]} table caption`).textContent()).toMatch(
      /^Public positions/,
    );
    expect(await page.locator("figure.stance-map").count()).toBe(1);
    for (const ask of asks) {
      await page.goto(appUrl(`/c/${campaign}`));
      const link = page.locator(`#${ask} a[href="/c/${campaign}/asks/${ask}"]`);
      await link.click();
      await page.waitForURL(appUrl(`/c/${campaign}/asks/${ask}`));
      await expectDrawnMap(page, `#${ask}`);
      const table = page.getByRole("region", { name: /^Positions on / });
      expect(await table.locator(`#${ask}-unlisted`).count()).toBe(1);
    }
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  }, 120_000);

  // axe (not run above: it needs JavaScript) takes ~20 s a page on a busy 2-vCPU machine.
  it("have no console errors, failed requests or accessibility failures with JavaScript", async () => {
    const context = await browser.newContext();
    const { page, consoleErrors, foreignRequests, problems } = await strictPage(context);
    for (const path of [`/c/${campaign}`, `/c/${campaign}/asks/${asks[1]}`]) {
      await page.goto(appUrl(path), { waitUntil: "networkidle" });
      // Hydrated: Remix's client router took over the page.
      await page.waitForFunction(() => "__remixRouter" in window);
      await expectDrawnMap(page, "main");
      await expectAccessible(page);
    }
    // A map state is a link to its row in the table beside it. (France's box is mostly sea, with
    // French Guiana: the keyboard, not a click in its middle.)
    await page.getByRole("link", { name: /^France: / }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/#/);
    expect(new URL(page.url()).hash).toMatch(/^#unsc-icc-referral-(FRA|unlisted)$/);
    expect(consoleErrors).toEqual([]);
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  }, 180_000);
});

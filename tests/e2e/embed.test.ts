import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { campaigns, letterSources, letters, supporters } from "#db/schema";
import { demoCampaignSlug } from "#db/seed/seed-demo";
import { saveEmbedSettings } from "~/embed/embed.server";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { e2eStaff } from "../setup/global-app";
import { appUrl, launchBrowser, signIn } from "./browser";
import { waitForLetterFrom, waitForMail } from "./mailbox";

/**
 * The embed framed by a partner's page on another loopback origin (127.0.0.2),
 * as partners use it: with and without JavaScript, a source code, the letter
 * confirmed from the e-mail. A page on an origin not in the list (127.0.0.3)
 * gets no embed; staff pages refuse any framing.
 */

let browser: Browser;
let handle: DatabaseHandle;
let partner: Server;
let stranger: Server;
let partnerOrigin: string;
let strangerOrigin: string;
const appOrigin = () => new URL(appUrl()).origin;
const frameHeight = "700px";

/** A partner's page: the snippet staff hand out, pointing at `path` on Démarche. */
function partnerPage(): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").searchParams.get("frame") ?? "";
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(`<!DOCTYPE html><html lang="en"><head><title>Partner</title></head><body>
<h1>Partner news</h1>
<iframe src="${appUrl(path)}" title="Write a letter" data-demarche-embed style="width:100%;height:${frameHeight};border:0"></iframe>
<script src="${appUrl("/embed.js")}" async></script>
</body></html>`);
  });
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  handle = connectDatabase(inject("appDatabaseUrl"), { max: 2 });
  partner = partnerPage();
  stranger = partnerPage();
  partnerOrigin = await listen(partner, "127.0.0.2");
  strangerOrigin = await listen(stranger, "127.0.0.3");
  const [campaign] = await handle.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.slug, demoCampaignSlug));
  await saveEmbedSettings(handle.db, { kind: "cli" }, campaign?.id ?? 0, {
    origins: [partnerOrigin],
    sources: [
      {
        code: "amnesty-br",
        partnerName: "Amnesty Brazil",
        consentText: "Send me news from Amnesty Brazil",
      },
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await handle?.close();
  partner?.close();
  stranger?.close();
});

/** Every request the frame makes, to check it talks to Démarche only. */
function frameRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (request.frame() !== page.mainFrame()) urls.push(request.url());
  });
  return urls;
}

async function writeFromFrame(page: Page, email: string, paragraph: string) {
  await page.goto(
    `${partnerOrigin}/?frame=${encodeURIComponent(`/embed/${demoCampaignSlug}?source=amnesty-br`)}`,
  );
  const frame = page.frameLocator("iframe[data-demarche-embed]");
  await frame.getByRole("heading", { name: "Write to your government" }).waitFor();
  await frame
    .getByRole("radio", { name: "Convene a special session of the Human Rights Council" })
    .check();
  await frame.getByLabel(/Your country/).selectOption({ label: "Brazil" });
  await frame.getByLabel("Your name").fill("Bia Costa");
  await frame.getByLabel("Your e-mail").fill(email);
  await frame.getByLabel("A few words of your own (optional)").fill(paragraph);
  await frame.getByLabel("Send me news from Amnesty Brazil").check();
  await frame.getByRole("button", { name: "Preview my letter" }).click();
  await frame.getByRole("heading", { name: "Check your letter" }).waitFor();
  expect(await frame.getByLabel("Your letter").inputValue()).toContain(paragraph);
  await frame.getByRole("button", { name: /^Send/ }).click();
  await frame.getByText("Thank you. Check your e-mail").waitFor();
}

async function confirmFromMail(context: BrowserContext, email: string) {
  const [confirmation] = await waitForMail(email);
  const link = /https?:\/\/\S+\/confirm\/[\w-]+/.exec(confirmation?.text ?? "")?.[0];
  expect(link).toBeTruthy();
  const page = await context.newPage();
  await page.goto(appUrl(new URL(link ?? "").pathname));
  await page.getByRole("button", { name: "Confirm and send my letter" }).click();
  await page.getByRole("heading", { name: "Thank you" }).waitFor();
  await page.close();
}

async function sourceOf(email: string) {
  return handle.db
    .select({
      code: letterSources.sourceCode,
      origin: letterSources.origin,
      newsConsent: letterSources.newsConsent,
      confirmed: letters.confirmedAt,
    })
    .from(letterSources)
    .innerJoin(letters, eq(letters.id, letterSources.letterId))
    .innerJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(inArray(supporters.email, [email]));
}

describe("the embed on a partner's site", () => {
  it("takes a letter with JavaScript: resizes, records its source, talks only to Démarche", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = frameRequests(page);
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    const email = `bia.js.${Date.now()}@example.org`;
    const paragraph = `Escrevo de São Paulo (${Date.now()}).`;
    await writeFromFrame(page, email, paragraph);
    // embed.js gave the frame the page's own height.
    await expect
      .poll(() => page.locator("iframe[data-demarche-embed]").evaluate((f) => f.style.height))
      .not.toBe(frameHeight);
    await confirmFromMail(context, email);
    const [delivered] = await waitForLetterFrom("ministry.bra@demo.example.org", email);
    expect(delivered?.text).toContain(paragraph);
    expect(await sourceOf(email)).toEqual([
      { code: "amnesty-br", origin: partnerOrigin, newsConsent: true, confirmed: expect.any(Date) },
    ]);
    expect(requests.filter((url) => !url.startsWith(appOrigin()))).toEqual([]);
    expect(consoleErrors).toEqual([]);

    // Staff see it under that source, on the metrics page and the embed page.
    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await signIn(staffPage, e2eStaff.viewer);
    for (const path of ["metrics", "embed"]) {
      await staffPage.goto(appUrl(`/staff/campaigns/${demoCampaignSlug}/${path}`));
      const row = staffPage.getByRole("row", { name: /amnesty-br/ });
      expect(await row.textContent(), path).toMatch(/amnesty-br\s*1\s*1/);
    }
    await staff.close();
    await context.close();
  });

  it("takes a letter without JavaScript, at the frame's fixed height", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests = frameRequests(page);
    const email = `bia.nojs.${Date.now()}@example.org`;
    await writeFromFrame(page, email, `Sem JavaScript (${Date.now()}).`);
    expect(await page.locator("iframe[data-demarche-embed]").getAttribute("style")).toContain(
      `height:${frameHeight}`,
    );
    await confirmFromMail(context, email);
    expect(await sourceOf(email)).toEqual([
      { code: "amnesty-br", origin: partnerOrigin, newsConsent: true, confirmed: expect.any(Date) },
    ]);
    expect(requests.filter((url) => !url.startsWith(appOrigin()))).toEqual([]);
    await context.close();
  });

  it("answers frame-ancestors with exactly the allowed sites, and no X-Frame-Options", async () => {
    const embed = await fetch(appUrl(`/embed/${demoCampaignSlug}`));
    expect(embed.status).toBe(200);
    expect(embed.headers.get("content-security-policy")).toContain(
      `frame-ancestors ${partnerOrigin};`,
    );
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(embed.headers.get("set-cookie")).toBeNull();
    const html = await embed.text();
    // No client bundle: a plain form.
    expect(html).not.toMatch(/\/build\/.*\.js/);
    const staff = await fetch(appUrl("/staff/sign-in"));
    expect(staff.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("is not shown on a site not in the list, and staff pages are never framed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const [origin, path] of [
      [strangerOrigin, `/embed/${demoCampaignSlug}`],
      [partnerOrigin, "/staff/sign-in"],
    ] as const) {
      await page.goto(`${origin}/?frame=${encodeURIComponent(path)}`);
      await page.waitForLoadState("load");
      const child = page.frames().find((f) => f !== page.mainFrame());
      // Chromium replaces a refused frame with its own error page.
      await expect.poll(() => child?.url()).toMatch(/^chrome-error:/);
    }
    await context.close();
  });
});

import { request } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { htmlBudgetGzipBytes, scriptBudgetGzipBytes, scriptPathsIn } from "./budgets";
import { startDiscardSink } from "./delivery";
import type { BenchRow } from "./run";
import { type App, startApp } from "./submission";

/**
 * What a supporter on a poor link downloads and waits for. `page-weight`: bytes of the public
 * pages as served (raw, and gzip as the server compresses them), against the budget of 60,000
 * bytes of gzip HTML per page. `slow-3g`: Chromium throttled through CDP to 400 ms round trips and
 * 400 kbit/s each way, a cold cache, then a warm one: load the campaign page, follow its link to
 * the write form, and stop when the form's first field can take a click.
 */

const campaignSlug = "iran-end-impunity";
const slow3g = { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const runs = 3;

interface Served {
  status: number;
  bytes: number;
  cacheControl: string;
  body: string;
}

/** The response as the server sends it with or without gzip: bytes on the wire, not decoded. */
function served(url: string, encoding: "gzip" | "identity"): Promise<Served> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": encoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          bytes: all.length,
          cacheControl: String(response.headers["cache-control"] ?? ""),
          body: encoding === "identity" ? all.toString("utf8") : "",
        });
      });
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function withApp<T>(run: (app: App) => Promise<T>): Promise<T> {
  const sink = await startDiscardSink();
  try {
    const app = await startApp(sink.url);
    try {
      return await run(app);
    } finally {
      await app.stop();
    }
  } finally {
    await sink.close();
  }
}

/**
 * The campaign page (also in Persian: right to left, its own catalogue in the page), each ask's
 * own page when there is one, the write form, the map asset.
 */
async function publicPaths(app: App): Promise<{ pages: string[]; asset?: string }> {
  const campaign = await served(`${app.url}/c/${campaignSlug}`, "identity");
  const links = [...campaign.body.matchAll(/href="(\/c\/[^"#?]+\/asks\/[^"#?]+)"/g)];
  const askPages = [...new Set(links.map((match) => match[1] ?? ""))];
  const asset = /href="(\/maps\/[^"#]+)#/.exec(campaign.body)?.[1];
  const pages = [`/c/${campaignSlug}`, `/c/${campaignSlug}?lang=fa`, ...askPages];
  return { pages: [...pages, `/c/${campaignSlug}/write`], asset };
}

export async function benchPageWeight(): Promise<BenchRow[]> {
  return withApp(async (app) => {
    const { pages, asset } = await publicPaths(app);
    const rows: BenchRow[] = [];
    for (const path of pages) {
      const raw = await served(`${app.url}${path}`, "identity");
      const gzip = await served(`${app.url}${path}`, "gzip");
      if (raw.status !== 200) throw new Error(`${path} answered ${raw.status}`);
      rows.push({
        name: `HTML bytes, gzip: ${path}`,
        demarche: gzip.bytes,
        baseline: htmlBudgetGzipBytes,
        baselineName: `the budget, ${htmlBudgetGzipBytes} bytes of gzip HTML (raw: ${raw.bytes} bytes)`,
        target: `≤ ${htmlBudgetGzipBytes.toLocaleString("en")} B`,
        met: gzip.bytes <= htmlBudgetGzipBytes,
      });
    }
    for (const path of pages) rows.push(await scriptWeight(app, path));
    rows.push(await embedWeight(app));
    if (asset) {
      const raw = await served(`${app.url}${asset}`, "identity");
      const gzip = await served(`${app.url}${asset}`, "gzip");
      rows.push({
        name: "map geometry asset bytes, gzip",
        demarche: gzip.bytes,
        baseline: raw.bytes,
        baselineName: `the same asset uncompressed (${asset}, Cache-Control: ${raw.cacheControl})`,
        target: "",
        met: null,
      });
    }
    return rows;
  });
}

/** The bytes these paths weigh together, as served with and without gzip. */
async function bytesServed(app: App, paths: string[]): Promise<{ gzip: number; raw: number }> {
  let gzip = 0;
  let raw = 0;
  for (const path of paths) {
    gzip += (await served(`${app.url}${path}`, "gzip")).bytes;
    raw += (await served(`${app.url}${path}`, "identity")).bytes;
  }
  return { gzip, raw };
}

/** Every script a page loads, gzip as served: what a supporter's browser downloads to hydrate it. */
async function scriptWeight(app: App, path: string): Promise<BenchRow> {
  const html = await served(`${app.url}${path}`, "identity");
  const scripts = scriptPathsIn(html.body);
  const { gzip, raw } = await bytesServed(app, scripts);
  return {
    name: `JavaScript bytes, gzip: ${path} (${scripts.length} modules)`,
    demarche: gzip,
    baseline: scriptBudgetGzipBytes,
    baselineName: `the budget, ${scriptBudgetGzipBytes} bytes of gzip JavaScript (raw: ${raw} bytes)`,
    target: `≤ ${scriptBudgetGzipBytes.toLocaleString("en")} B`,
    met: gzip <= scriptBudgetGzipBytes,
  };
}

/** Budget of the embed framed on partners' sites (issue 13): everything it loads, without embed.js. */
const embedBudgetGzipBytes = 50_000;

/** The embed page and every stylesheet it links, gzip as served: what a partner's visitor downloads. */
async function embedWeight(app: App): Promise<BenchRow> {
  const path = `/embed/${campaignSlug}`;
  const html = await served(`${app.url}${path}`, "identity");
  if (html.status !== 200) throw new Error(`${path} answered ${html.status}`);
  const scripts = [...html.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  if (scripts.length > 0) throw new Error(`${path} loads scripts: ${scripts.join(", ")}`);
  const styles = [...html.body.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map(
    (m) => m[1] ?? "",
  );
  const parts = [path, ...styles];
  const { gzip, raw } = await bytesServed(app, parts);
  return {
    name: `embed bytes, gzip: ${path} and its ${styles.length} stylesheet(s), no script`,
    demarche: gzip,
    baseline: embedBudgetGzipBytes,
    baselineName: `the embed's budget, ${embedBudgetGzipBytes} bytes gzip (raw: ${raw} bytes)`,
    target: `≤ ${embedBudgetGzipBytes.toLocaleString("en")} B`,
    met: gzip <= embedBudgetGzipBytes,
  };
}

interface Timing {
  /** From navigation to the campaign page's load event. */
  campaignLoad: number;
  /** From navigation to the write form's first field taking a click. */
  usableForm: number;
}

async function throttledPage(browser: Browser, page?: Page): Promise<Page> {
  const tab = page ?? (await (await browser.newContext()).newPage());
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...slow3g });
  return tab;
}

async function firstFieldUsable(page: Page) {
  // trial: wait until the field is visible, stable, enabled and would receive the click.
  await page
    .locator("main form input:not([type=hidden]), main form select, main form textarea")
    .first()
    .click({ trial: true, timeout: 120_000 });
}

async function campaignToForm(app: App, page: Page): Promise<Timing> {
  const started = performance.now();
  await page.goto(`${app.url}/c/${campaignSlug}`, { waitUntil: "load", timeout: 120_000 });
  const campaignLoad = performance.now() - started;
  await page.getByRole("link", { name: "Write to your government" }).click({ timeout: 120_000 });
  await firstFieldUsable(page);
  return { campaignLoad, usableForm: performance.now() - started };
}

async function straightToForm(app: App, page: Page): Promise<number> {
  const started = performance.now();
  await page.goto(`${app.url}/c/${campaignSlug}/write`, { waitUntil: "commit", timeout: 120_000 });
  await firstFieldUsable(page);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchSlow3g(): Promise<BenchRow[]> {
  return withApp(async (app) => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
    try {
      const cold: Timing[] = [];
      const warm: Timing[] = [];
      const direct: number[] = [];
      for (let run = 0; run < runs; run++) {
        // A new context is a new profile: nothing cached.
        const page = await throttledPage(browser);
        cold.push(await campaignToForm(app, page));
        warm.push(await campaignToForm(app, page));
        await page.context().close();
        const fresh = await throttledPage(browser);
        direct.push(await straightToForm(app, fresh));
        await fresh.context().close();
      }
      const directMs = median(direct);
      const row = (name: string, value: number, baseline = Number.NaN): BenchRow => ({
        name: `slow 3G ms: ${name}`,
        demarche: value,
        baseline,
        baselineName: Number.isFinite(baseline)
          ? `opening /c/${campaignSlug}/write directly, cold cache, median of ${runs}`
          : "none (informational)",
        target: "",
        met: null,
      });
      return [
        row("campaign page loaded, cold cache", median(cold.map((t) => t.campaignLoad))),
        row(
          "campaign page → usable write form, cold",
          median(cold.map((t) => t.usableForm)),
          directMs,
        ),
        row("campaign page loaded, warm cache", median(warm.map((t) => t.campaignLoad))),
        row(
          "campaign page → usable write form, warm",
          median(warm.map((t) => t.usableForm)),
          directMs,
        ),
      ];
    } finally {
      await browser.close();
    }
  });
}

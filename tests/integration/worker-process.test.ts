import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { confirmLetter, submitLetter } from "~/letters/letters.server";
import { type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { testSessionSecret } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * `app/cli/worker.ts`, the queue workers without a web server (compose.yaml's
 * `worker`): it sends supporters' e-mails and letters from the database the
 * web process migrated, and stops cleanly on SIGTERM.
 */
let database: TestDatabase;
let sink: SmtpSink;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  sink = await startSmtpSink();
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sink.close();
  await database.drop();
});

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", "app/cli/worker.ts"], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

async function waitForOutput(worker: Worker, text: string) {
  const deadline = Date.now() + 30_000;
  while (!worker.output().includes(text)) {
    if (worker.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no "${text}" from the worker:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the worker-only process", () => {
  it("delivers the confirmation e-mail and the letter, then stops on SIGTERM", async () => {
    const worker = startWorker({
      DATABASE_URL: database.url,
      // The web process's secret (here the test's): links are made again from it.
      SESSION_SECRET: testSessionSecret,
      SMTP_URL: sink.url,
      MAIL_FROM: "Démarche <letters@act.example.org>",
      APP_URL: "https://act.example.org",
    });
    await waitForOutput(worker, "Démarche queue worker is ready");

    const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
    const ask = campaign?.asks.find((a) => a.slug === "hrc-special-session");
    if (!campaign || !ask) throw new Error("demo campaign missing");
    const submitted = await submitLetter(database.db, {
      campaign,
      ask,
      input: {
        ask: ask.slug,
        country: "FRA",
        name: "Camille",
        email: "camille@example.org",
        city: "Lyon",
        personalParagraph: "",
        language: "en",
        consentUpdates: false,
        website: "",
      },
      approvedBody: "Excellency,\n\nPlease call for a special session of the Council.\n\nCamille",
      clientIp: null,
    });
    if (submitted.kind !== "created" || !submitted.confirmToken) throw new Error("not created");
    const [confirmation] = await sink.waitFor(1, 30_000);
    expect(confirmation?.envelopeTo).toEqual(["camille@example.org"]);
    expect(confirmation?.parsed.text).toContain("https://act.example.org/");

    expect(await confirmLetter(database.db, submitted.confirmToken)).toMatchObject({
      kind: "confirmed",
    });
    const [, letter] = await sink.waitFor(2, 30_000);
    expect(letter?.parsed.text).toContain("Please call for a special session of the Council.");
    expect(letter?.envelopeTo).not.toContain("camille@example.org");

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 90_000);

  it("refuses to start without DATABASE_URL, naming it", async () => {
    const worker = startWorker({});
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toContain("DATABASE_URL is required");
  });
});

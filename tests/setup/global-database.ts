import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { seedReferenceData } from "#db/seed/seed-reference";
import { connectDatabase } from "~/lib/db.server";
import { migrateDatabase } from "~/lib/migrate.server";
import { createQueue, prepareQueue } from "~/lib/queue.server";
import { startTestPostgres } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

/**
 * Once per run: a PostgreSQL server and a template database with the
 * migrations and the reference data. Each test file clones the template
 * (tests/setup/test-database.ts), so files run in parallel in isolation.
 */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  const templateDatabase = `demarche_template_${process.pid}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${templateDatabase}`);
  await admin.unsafe(`create database ${templateDatabase}`);
  const templateUrl = withDatabase(server.adminUrl, templateDatabase);
  await migrateDatabase(templateUrl);
  const seeded = connectDatabase(templateUrl, { max: 1 });
  await seedReferenceData(seeded.db);
  await seeded.close();
  const queue = createQueue(templateUrl, { supervise: false, schedule: false });
  await prepareQueue(queue);
  await queue.stop({ graceful: false, wait: true });
  project.provide("postgresAdminUrl", server.adminUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    await admin.unsafe(`drop database if exists ${templateDatabase}`);
    await admin.end({ timeout: 5 });
    await server.stop();
  };
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

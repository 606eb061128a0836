import postgres from "postgres";
import { seedReferenceData } from "#db/seed/seed-reference";
import { type ScaleResult, seedScale } from "~/cli/seed-scale";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { migrateDatabase } from "~/lib/migrate.server";
import { startTestPostgres } from "../tests/setup/postgres-server";

/**
 * A throw-away embedded PostgreSQL (or a database on DATABASE_URL's server) seeded by
 * `seedScale`, shared by the dashboard and export benchmarks of one run: seeding 2M letters
 * takes minutes, so the first benchmark seeds and keeps it, the last one stops it.
 */

export const defaultScale = { supporters: 1_000_000, letters: 2_000_000 };

export interface ScaleDatabase {
  handle: DatabaseHandle;
  seeded: ScaleResult;
  letters: number;
  supporters: number;
  stop: () => Promise<void>;
}

let shared: { key: string; database: Promise<ScaleDatabase> } | undefined;

export function scaleDatabase(scale: { supporters?: number; letters?: number } = {}) {
  const supporters = scale.supporters ?? defaultScale.supporters;
  const letters = scale.letters ?? defaultScale.letters;
  const key = `${supporters}:${letters}`;
  if (shared?.key !== key) {
    const previous = shared?.database;
    shared = {
      key,
      database: (async () => {
        await previous?.then((db) => db.stop());
        return startScaleDatabase(supporters, letters);
      })(),
    };
  }
  return shared.database;
}

/** Stops the shared database; the next `scaleDatabase` seeds a new one. */
export async function stopScaleDatabase() {
  const database = shared?.database;
  shared = undefined;
  await database?.then((db) => db.stop());
}

async function startScaleDatabase(supporters: number, letters: number): Promise<ScaleDatabase> {
  const pg = await startTestPostgres();
  const name = `demarche_bench_scale_${process.pid}`;
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
  const stop = async () => {
    await handle?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    await pg.stop();
  };
  let handle: DatabaseHandle | undefined;
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(pg.adminUrl);
    url.pathname = `/${name}`;
    await migrateDatabase(url.toString());
    handle = connectDatabase(url.toString());
    await seedReferenceData(handle.db);
    const seeded = await seedScale(handle, {
      supporters,
      letters,
      campaign: "iran-end-impunity",
      progress: process.stderr.isTTY === true,
    });
    return { handle, seeded, letters, supporters, stop };
  } catch (error) {
    // An embedded server would outlive the benchmark.
    await stop();
    throw error;
  }
}

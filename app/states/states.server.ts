import { asc, eq } from "drizzle-orm";
import { states } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { timedCache } from "~/lib/timed-cache.server";

/** The UN member and observer states, by name. */
export async function listStates(db: DbOrTx) {
  return db.select().from(states).orderBy(asc(states.name));
}

/** A state by its ISO 3166 alpha-3 code, in any case; null when there is none. */
export async function getStateByIso3(db: DbOrTx, iso3: string) {
  const [state] = await db.select().from(states).where(eq(states.iso3, iso3.toUpperCase()));
  return state ?? null;
}

export type State = Awaited<ReturnType<typeof listStates>>[number];

// Reference data, changed only by a reference import: a minute of staleness is harmless.
const statesByName = timedCache(60_000, (db) => listStates(db));

/** Every state, by name, read from memory for the supporter's form and letters. */
export function cachedStates(db: DbOrTx): Promise<State[]> {
  return statesByName.get(db, "all");
}

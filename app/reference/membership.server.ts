import { and, asc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { bodyTerms, romeStatuteParties, states } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";

export type BodyCode = "hrc" | "unsc" | "unga";

export interface BodyMember {
  iso3: string;
  iso2: string;
  name: string;
  regionalGroup: (typeof states.$inferSelect)["regionalGroup"];
  permanent: boolean;
  startsOn: string | null;
  endsOn: string | null;
}

/** Terms are inclusive on both ends; a null bound is open. */
function termCovers(day: string) {
  return and(
    or(isNull(bodyTerms.startsOn), lte(bodyTerms.startsOn, day)),
    or(isNull(bodyTerms.endsOn), sql`${bodyTerms.endsOn} >= ${day}`),
  );
}

/** The members of a body on a given day (YYYY-MM-DD), by name. */
export async function bodyMembersAsOf(
  db: DbOrTx,
  body: BodyCode,
  day: string,
): Promise<BodyMember[]> {
  return db
    .select({
      iso3: states.iso3,
      iso2: states.iso2,
      name: states.name,
      regionalGroup: states.regionalGroup,
      permanent: bodyTerms.permanent,
      startsOn: bodyTerms.startsOn,
      endsOn: bodyTerms.endsOn,
    })
    .from(bodyTerms)
    .innerJoin(states, eq(states.iso3, bodyTerms.stateIso3))
    .where(and(eq(bodyTerms.bodyCode, body), termCovers(day)))
    .orderBy(asc(states.name));
}

/** States parties to the Rome Statute on a given day. */
export async function romeStatutePartiesAsOf(db: DbOrTx, day: string) {
  return db
    .select({ iso3: romeStatuteParties.stateIso3, name: romeStatuteParties.name })
    .from(romeStatuteParties)
    .where(
      and(
        or(isNull(romeStatuteParties.partySince), lte(romeStatuteParties.partySince, day)),
        or(
          isNull(romeStatuteParties.withdrawalEffective),
          gt(romeStatuteParties.withdrawalEffective, day),
        ),
      ),
    )
    .orderBy(asc(romeStatuteParties.name));
}

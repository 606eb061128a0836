import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The project's own copy of the UN facts (db/seed/un-2026.json, from
 * shared/reference), validated with zod so a bad edit fails loudly.
 */
const group = z.enum(["African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG"]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const referenceSchema = z.object({
  meta: z.object({ as_of: isoDate }),
  sources: z.array(
    z.object({ id: z.string(), title: z.string(), url: z.string().nullable().optional() }),
  ),
  states: z.array(
    z.object({
      name: z.string(),
      name_official: z.string().nullable().optional(),
      iso2: z.string().length(2),
      iso3: z.string().length(3),
      iso_numeric: z.string().length(3),
      un_status: z.enum(["member", "observer_state"]),
      un_regional_group: group.nullable(),
      group_sources: z.array(z.string()).optional(),
    }),
  ),
  human_rights_council: z.object({
    members_2026: z.array(
      z.object({
        iso3: z.string().length(3),
        term: z.string().regex(/^\d{4}-\d{4}$/),
        sources: z.array(z.string()),
      }),
    ),
  }),
  security_council: z.object({
    year_2026: z.object({
      permanent: z.array(z.string().length(2)),
      elected: z.array(
        z.object({ iso2: z.string().length(2), term: z.string().regex(/^\d{4}-\d{4}$/) }),
      ),
      sources: z.array(z.string()),
    }),
    elected_for_2027_2028: z.object({
      elected_on: isoDate,
      members: z.array(z.object({ iso2: z.string().length(2) })),
      sources: z.array(z.string()),
    }),
  }),
  icc: z.object({
    parties: z.array(
      z.object({
        iso2: z.string().length(2),
        name: z.string(),
        entry_into_force: isoDate.nullable().optional(),
        withdrawal_effective: isoDate.nullable().optional(),
        note: z.string().optional(),
        sources: z.array(z.string()),
      }),
    ),
    withdrawals: z.array(
      z.object({
        iso2: z.union([z.string(), z.array(z.string())]),
        effective: isoDate.nullable().optional(),
        sources: z.array(z.string()),
      }),
    ),
  }),
});

export type UnReference = z.infer<typeof referenceSchema>;

export function loadUnReference(): UnReference {
  const path = new URL("./un-2026.json", import.meta.url);
  return referenceSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** A term like "2024-2026" runs from 1 January of the first year to 31 December of the last. */
export function termDates(term: string): { startsOn: string; endsOn: string } {
  const [first, last] = term.split("-");
  return { startsOn: `${first}-01-01`, endsOn: `${last}-12-31` };
}

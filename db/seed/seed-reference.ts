import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import countries from "i18n-iso-countries";
import type { DbOrTx } from "~/lib/db.server";
import { bodies, bodyTerms, romeStatuteParties, states } from "../schema";
import { loadUnReference, termDates, type UnReference } from "./un-reference";

const require = createRequire(import.meta.url);
export const unLanguages = ["ar", "en", "es", "fr", "ru", "zh"] as const;
/** States are named in every letter language (`letterLanguages`): a letter signs off with one. */
export const stateNameLanguages = [...unLanguages, "de", "pt", "fa"] as const;
for (const lang of stateNameLanguages)
  countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** Permanent members have sat since the Charter entered into force. */
const chartedOn = "1945-10-24";

/** Loads (or refreshes) the UN reference data; safe to run on every start. */
export async function seedReferenceData(db: DbOrTx, reference = loadUnReference()): Promise<void> {
  const iso3ByIso2 = new Map(reference.states.map((s) => [s.iso2, s.iso3]));
  await db.transaction(async (tx) => {
    await upsertStates(tx, reference);
    await tx
      .insert(bodies)
      .values([
        { code: "hrc", name: "Human Rights Council", seats: 47 },
        { code: "unsc", name: "Security Council", seats: 15 },
        { code: "unga", name: "General Assembly", seats: null },
      ])
      .onConflictDoNothing();
    const terms = [
      ...hrcTerms(reference),
      ...unscTerms(reference, iso3ByIso2),
      ...gaTerms(reference),
    ];
    await tx
      .insert(bodyTerms)
      .values(terms)
      .onConflictDoUpdate({
        target: [bodyTerms.bodyCode, bodyTerms.stateIso3, bodyTerms.startsOn],
        set: { endsOn: sql`excluded.ends_on`, sourceIds: sql`excluded.source_ids` },
      });
    await tx
      .insert(romeStatuteParties)
      .values(romeStatuteRows(reference, iso3ByIso2))
      .onConflictDoUpdate({
        target: romeStatuteParties.stateIso3,
        set: {
          partySince: sql`excluded.party_since`,
          withdrawalEffective: sql`excluded.withdrawal_effective`,
          note: sql`excluded.note`,
          sourceIds: sql`excluded.source_ids`,
        },
      });
  });
}

async function upsertStates(tx: DbOrTx, reference: UnReference) {
  const rows = reference.states.map((s) => ({
    iso3: s.iso3,
    iso2: s.iso2,
    isoNumeric: s.iso_numeric,
    name: s.name,
    officialName: s.name_official ?? null,
    names: localisedNames(s.iso2, s.name),
    unStatus: s.un_status === "member" ? ("member" as const) : ("observer" as const),
    regionalGroup: s.un_regional_group,
  }));
  await tx
    .insert(states)
    .values(rows)
    .onConflictDoUpdate({
      target: states.iso3,
      set: {
        name: sql`excluded.name`,
        officialName: sql`excluded.official_name`,
        names: sql`excluded.names`,
        unStatus: sql`excluded.un_status`,
        regionalGroup: sql`excluded.regional_group`,
      },
    });
}

function localisedNames(iso2: string, englishName: string): Record<string, string> {
  const names: Record<string, string> = {};
  for (const lang of stateNameLanguages) {
    const name = countries.getName(iso2, lang, { select: "official" });
    if (name) names[lang] = name;
  }
  // The reference's English short name wins over the ISO one (e.g. "Türkiye").
  names.en = englishName;
  return names;
}

function hrcTerms(reference: UnReference) {
  return reference.human_rights_council.members_2026.map((m) => ({
    bodyCode: "hrc" as const,
    stateIso3: m.iso3,
    ...termDates(m.term),
    permanent: false,
    sourceIds: m.sources,
  }));
}

function unscTerms(reference: UnReference, iso3ByIso2: Map<string, string>) {
  const { year_2026: current, elected_for_2027_2028: next } = reference.security_council;
  const iso3 = (iso2: string) => {
    const code = iso3ByIso2.get(iso2);
    if (!code) throw new Error(`Security Council member ${iso2} is not a known state`);
    return code;
  };
  return [
    ...current.permanent.map((iso2) => ({
      bodyCode: "unsc" as const,
      stateIso3: iso3(iso2),
      startsOn: chartedOn,
      endsOn: null,
      permanent: true,
      sourceIds: current.sources,
    })),
    ...current.elected.map((m) => ({
      bodyCode: "unsc" as const,
      stateIso3: iso3(m.iso2),
      ...termDates(m.term),
      permanent: false,
      sourceIds: current.sources,
    })),
    ...next.members.map((m) => ({
      bodyCode: "unsc" as const,
      stateIso3: iso3(m.iso2),
      ...termDates("2027-2028"),
      permanent: false,
      sourceIds: next.sources,
    })),
  ];
}

/** Every member sits in the General Assembly; admission dates are not in the reference. */
function gaTerms(reference: UnReference) {
  return reference.states
    .filter((s) => s.un_status === "member")
    .map((s) => ({
      bodyCode: "unga" as const,
      stateIso3: s.iso3,
      startsOn: null,
      endsOn: null,
      permanent: false,
      sourceIds: s.group_sources ?? [],
    }));
}

function romeStatuteRows(reference: UnReference, iso3ByIso2: Map<string, string>) {
  // The Cook Islands are a party without being a UN member or observer state.
  const iso3 = (iso2: string) => iso3ByIso2.get(iso2) ?? (iso2 === "CK" ? "COK" : iso2);
  const parties = reference.icc.parties.map((p) => ({
    stateIso3: iso3(p.iso2),
    name: p.name,
    partySince: p.entry_into_force ?? null,
    withdrawalEffective: p.withdrawal_effective ?? null,
    note: p.note ?? null,
    sourceIds: p.sources,
  }));
  const listed = new Set(parties.map((p) => p.stateIso3));
  // Former parties (Burundi, the Philippines) are not in the current list.
  const former = reference.icc.withdrawals.flatMap((w) =>
    typeof w.iso2 === "string" && w.effective && !listed.has(iso3(w.iso2))
      ? [
          {
            stateIso3: iso3(w.iso2),
            name: reference.states.find((s) => s.iso2 === w.iso2)?.name ?? w.iso2,
            partySince: null,
            withdrawalEffective: w.effective,
            note: null,
            sourceIds: w.sources,
          },
        ]
      : [],
  );
  return [...parties, ...former];
}

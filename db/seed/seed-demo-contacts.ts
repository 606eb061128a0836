import { z } from "zod";
import type { DbOrTx } from "~/lib/db.server";
import { stateContacts } from "../schema";
import seed from "./un-2026.json";

/**
 * Demo states, with the language their letters are written in and the time
 * zone of the capital. The ministries' names come from the UN seed.
 */
const demoStates = [
  { iso2: "FR", iso3: "FRA", name: "France", language: "fr", timeZone: "Europe/Paris" },
  { iso2: "DE", iso3: "DEU", name: "Germany", language: "de", timeZone: "Europe/Berlin" },
  { iso2: "BR", iso3: "BRA", name: "Brazil", language: "pt", timeZone: "America/Sao_Paulo" },
  {
    iso2: "ZA",
    iso3: "ZAF",
    name: "South Africa",
    language: "en",
    timeZone: "Africa/Johannesburg",
  },
  { iso2: "JP", iso3: "JPN", name: "Japan", language: "en", timeZone: "Asia/Tokyo" },
  { iso2: "MX", iso3: "MEX", name: "Mexico", language: "es", timeZone: "America/Mexico_City" },
  { iso2: "KE", iso3: "KEN", name: "Kenya", language: "en", timeZone: "Africa/Nairobi" },
  { iso2: "ID", iso3: "IDN", name: "Indonesia", language: "en", timeZone: "Asia/Jakarta" },
] as const;

type DemoState = (typeof demoStates)[number];

const ministriesSchema = z.object({
  foreign_ministries: z.array(
    z.object({ iso2: z.string(), name: z.string(), name_en: z.string().optional() }),
  ),
});

const demoSalutations = { en: "Excellency", fr: "Excellence", es: "Excelencia" };

/**
 * Demo contacts: every address is at demo.example.org (a reserved domain, so
 * no letter can reach a real office), `isDemo` marks them in the staff pages,
 * and no postal address is given. Idempotent, and never overwrites a contact
 * staff have saved.
 */
export async function seedDemoContacts(db: DbOrTx): Promise<{ created: number }> {
  const ministries = new Map(
    ministriesSchema.parse(seed).foreign_ministries.map((m) => [m.iso2, m] as const),
  );
  const rows = demoStates.flatMap((state) => {
    const ministry = ministries.get(state.iso2);
    // Official names only: a demo state missing from the seed is a bug, not a name to invent.
    if (!ministry) throw new Error(`The UN seed has no foreign ministry for ${state.iso2}`);
    const ministryName = ministry.name_en
      ? `${ministry.name} (${ministry.name_en})`
      : ministry.name;
    return [
      demoContact(state, "ministry", ministryName, state.timeZone),
      demoContact(
        state,
        "geneva",
        `Permanent Mission of ${state.name} to the United Nations Office at Geneva`,
        "Europe/Zurich",
      ),
      demoContact(
        state,
        "new_york",
        `Permanent Mission of ${state.name} to the United Nations in New York`,
        "America/New_York",
      ),
    ];
  });
  const created = await db
    .insert(stateContacts)
    .values(rows)
    .onConflictDoNothing({ target: [stateContacts.stateIso3, stateContacts.kind] })
    .returning({ id: stateContacts.id });
  return { created: created.length };
}

function demoContact(
  state: DemoState,
  kind: "ministry" | "geneva" | "new_york",
  name: string,
  timeZone: string,
) {
  const mailbox = kind.replace("_", "-");
  return {
    stateIso3: state.iso3,
    kind,
    name,
    emails: [`${mailbox}.${state.iso3.toLowerCase()}@demo.example.org`],
    salutations: demoSalutations,
    language: state.language,
    timeZone,
    verifiedBy: "demo data",
    verifiedOn: "2026-01-15",
    isDemo: true,
  };
}

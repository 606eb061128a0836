import { z } from "zod";
import seed from "../../db/seed/un-2026.json";

/** The state a free-text reference (code or name) resolved to. */
export type StateMatch = { iso3: string; iso2: string; name: string };

export type ResolvableState = {
  iso2: string;
  iso3: string;
  name: string;
  officialName?: string | null;
  /** Names in other languages, keyed by language code (e.g. `{ fr: "Turquie" }`). */
  names?: Record<string, string>;
};

export type StateResolver = (input: string) => StateMatch | null;

/**
 * Common variants that neither the short nor the official name covers: UN
 * document spellings, former names and colloquial forms campaigners type.
 * Keyed by ISO3 so a typo here cannot silently point at the wrong state.
 * Inverted UN forms ("Iran (Islamic Republic of)") need no entry: the
 * normaliser reorders them.
 */
export const stateAliases: Readonly<Record<string, readonly string[]>> = {
  ARE: ["UAE", "United Arab Emirates"],
  BHS: ["Bahamas", "The Bahamas"],
  BIH: ["Bosnia", "Bosnia-Herzegovina"],
  BOL: ["Bolivia", "Plurinational State of Bolivia"],
  BRN: ["Brunei", "Brunei Darussalam"],
  CIV: ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"],
  COD: [
    "DR Congo",
    "DRC",
    "Democratic Republic of the Congo",
    "Democratic Republic of Congo",
    "Congo-Kinshasa",
    "Congo DR",
  ],
  COG: ["Republic of the Congo", "Republic of Congo", "Congo", "Congo-Brazzaville"],
  CPV: ["Cabo Verde", "Cape Verde"],
  CZE: ["Czechia", "Czech Republic"],
  FSM: ["Micronesia", "Federated States of Micronesia"],
  GBR: [
    "UK",
    "United Kingdom",
    "Great Britain",
    "Britain",
    "United Kingdom of Great Britain and Northern Ireland",
  ],
  GMB: ["Gambia", "The Gambia"],
  IRN: ["Iran", "Islamic Republic of Iran"],
  KNA: ["Saint Kitts and Nevis", "Saint Kitts", "Saint Christopher and Nevis"],
  KOR: ["Republic of Korea", "South Korea", "ROK", "Korea"],
  LAO: ["Laos", "Lao", "Lao PDR", "Lao People's Democratic Republic"],
  LCA: ["Saint Lucia"],
  MDA: ["Moldova", "Republic of Moldova"],
  MKD: ["North Macedonia", "Macedonia", "The former Yugoslav Republic of Macedonia"],
  MMR: ["Myanmar", "Burma"],
  NLD: ["Netherlands", "Kingdom of the Netherlands", "Holland"],
  PRK: ["DPRK", "North Korea", "Democratic People's Republic of Korea", "Korea DPR"],
  PSE: ["Palestine", "State of Palestine"],
  RUS: ["Russia", "Russian Federation"],
  STP: ["Sao Tome and Principe", "São Tomé and Príncipe"],
  SWZ: ["Eswatini", "Swaziland"],
  SYR: ["Syria", "Syrian Arab Republic"],
  TLS: ["Timor-Leste", "East Timor"],
  TUR: ["Türkiye", "Turkey", "Turkiye", "Republic of Turkey"],
  TZA: ["Tanzania", "United Republic of Tanzania"],
  USA: ["USA", "US", "United States", "United States of America"],
  VAT: ["Holy See", "Vatican", "Vatican City"],
  VCT: ["Saint Vincent and the Grenadines", "Saint Vincent"],
  VEN: ["Venezuela", "Bolivarian Republic of Venezuela"],
  VNM: ["Viet Nam", "Vietnam"],
};

// "Iran (Islamic Republic of)" / "Korea, Republic of" -> "Islamic Republic of Iran" / "Republic of Korea".
const invertedName = /^(.+?)\s*[,(]\s*(.+?\bof(?:\s+the)?)\s*\)?$/;

/**
 * Folds the spelling differences that do not distinguish states: accents,
 * case, "&", punctuation, "St." for "Saint", a leading "the" and UN inverted forms.
 */
export function normaliseStateName(input: string): string {
  const folded = input
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .trim();
  const reordered = folded.replace(invertedName, "$2 $1");
  return (
    reordered
      // Dropped rather than spaced so "d'Ivoire" = "dIvoire" and "U.S." = "US".
      .replace(/['’‘`´.]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
      .replace(/^the /, "")
      .replace(/\bst\b/g, "saint")
  );
}

type NameIndex = Map<string, Set<string>>;

function addToIndex(index: NameIndex, key: string, iso3: string): void {
  if (key === "") return;
  const hits = index.get(key) ?? new Set<string>();
  hits.add(iso3);
  index.set(key, hits);
}

function buildIndex(entries: Iterable<[text: string, iso3: string]>, key: (s: string) => string) {
  const index: NameIndex = new Map();
  for (const [text, iso3] of entries) addToIndex(index, key(text), iso3);
  return index;
}

function* codeEntries(states: readonly ResolvableState[]): Generator<[string, string]> {
  for (const state of states) {
    yield [state.iso2, state.iso3];
    yield [state.iso3, state.iso3];
  }
}

function* officialNameEntries(states: readonly ResolvableState[]): Generator<[string, string]> {
  for (const state of states) {
    yield [state.name, state.iso3];
    if (state.officialName) yield [state.officialName, state.iso3];
  }
}

function* aliasEntries(known: ReadonlySet<string>): Generator<[string, string]> {
  for (const [iso3, aliases] of Object.entries(stateAliases)) {
    // Aliases for states the caller did not supply are meaningless here.
    if (!known.has(iso3)) continue;
    for (const alias of aliases) yield [alias, iso3];
  }
}

function* otherLanguageEntries(states: readonly ResolvableState[]): Generator<[string, string]> {
  for (const state of states) {
    for (const name of Object.values(state.names ?? {})) yield [name, state.iso3];
  }
}

const codeKey = (s: string) => s.trim().toUpperCase();

/**
 * Builds a resolver from free text (ISO3, ISO2, English, official, other-language
 * name or a known alias) to a state. Sources are tried from most to least
 * authoritative, so an alias can never override a state's own name; a text
 * that fits several states within one source is ambiguous and yields null.
 */
export function createStateResolver(states: readonly ResolvableState[]): StateResolver {
  const byIso3 = new Map(states.map((s) => [s.iso3.toUpperCase(), s]));
  const known = new Set(byIso3.keys());
  const tiers: Array<{ key: (s: string) => string; index: NameIndex }> = [
    { key: codeKey, index: buildIndex(codeEntries(states), codeKey) },
    { key: normaliseStateName, index: buildIndex(officialNameEntries(states), normaliseStateName) },
    { key: normaliseStateName, index: buildIndex(aliasEntries(known), normaliseStateName) },
    {
      key: normaliseStateName,
      index: buildIndex(otherLanguageEntries(states), normaliseStateName),
    },
  ];

  return (input) => {
    if (input.trim() === "") return null;
    for (const tier of tiers) {
      const hits = tier.index.get(tier.key(input));
      if (!hits) continue;
      const [iso3] = hits;
      if (hits.size > 1 || iso3 === undefined) return null;
      const state = byIso3.get(iso3.toUpperCase());
      return state ? { iso3: state.iso3, iso2: state.iso2, name: state.name } : null;
    }
    return null;
  };
}

const seedStatesSchema = z.object({
  states: z.array(
    z.object({
      name: z.string(),
      name_official: z.string().nullish(),
      iso2: z.string().length(2),
      iso3: z.string().length(3),
    }),
  ),
});

let seedResolver: StateResolver | undefined;

/** The resolver over the 195 states in the UN seed, built once per process. */
export function stateResolverFromSeed(): StateResolver {
  if (!seedResolver) {
    // A bundled import, so the server build needs no path to the seed file.
    const { states } = seedStatesSchema.parse(seed);
    seedResolver = createStateResolver(
      states.map((s) => ({
        iso2: s.iso2,
        iso3: s.iso3,
        name: s.name,
        officialName: s.name_official,
      })),
    );
  }
  return seedResolver;
}

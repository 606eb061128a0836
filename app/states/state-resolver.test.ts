import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createStateResolver,
  normaliseStateName,
  type ResolvableState,
  stateAliases,
  stateResolverFromSeed,
} from "./state-resolver";

type SeedState = { name: string; name_official: string | null; iso2: string; iso3: string };

const seedStates: SeedState[] = JSON.parse(
  readFileSync(new URL("../../db/seed/un-2026.json", import.meta.url), "utf8"),
).states;

const resolve = stateResolverFromSeed();
const iso3Of = (input: string) => resolve(input)?.iso3 ?? null;

describe("normaliseStateName", () => {
  it.each([
    ["  Côte  d’Ivoire ", "cote divoire"],
    ["Türkiye", "turkiye"],
    ["The Gambia", "gambia"],
    ["Bosnia & Herzegovina", "bosnia and herzegovina"],
    ["St. Kitts-and-Nevis", "saint kitts and nevis"],
    ["U.S.", "us"],
    ["Iran (Islamic Republic of)", "islamic republic of iran"],
    ["Congo, Democratic Republic of the", "democratic republic of the congo"],
    ["Nation of Brunei, Abode of Peace", "nation of brunei abode of peace"],
  ])("%s -> %s", (input, expected) => {
    expect(normaliseStateName(input)).toBe(expected);
  });
});

describe("stateResolverFromSeed", () => {
  it("reads all 195 seed states", () => {
    expect(seedStates).toHaveLength(195);
  });

  it("is cached", () => {
    expect(stateResolverFromSeed()).toBe(resolve);
  });

  it("resolves every state by ISO3, ISO2, English and official name, any case", () => {
    for (const state of seedStates) {
      const match = { iso3: state.iso3, iso2: state.iso2, name: state.name };
      expect(resolve(state.iso3), state.iso3).toEqual(match);
      expect(resolve(state.iso3.toLowerCase()), state.iso3).toEqual(match);
      expect(resolve(state.iso2), state.iso2).toEqual(match);
      expect(resolve(` ${state.iso2.toLowerCase()} `), state.iso2).toEqual(match);
      expect(resolve(state.name), state.name).toEqual(match);
      expect(resolve(state.name.toUpperCase()), state.name).toEqual(match);
      if (state.name_official)
        expect(resolve(state.name_official), state.name_official).toEqual(match);
    }
  });

  it("has aliases only for ISO3 codes that exist in the seed", () => {
    const codes = new Set(seedStates.map((s) => s.iso3));
    for (const iso3 of Object.keys(stateAliases)) expect(codes.has(iso3), iso3).toBe(true);
  });

  it("resolves every curated alias to its own state", () => {
    for (const [iso3, aliases] of Object.entries(stateAliases)) {
      for (const alias of aliases) expect(iso3Of(alias), alias).toBe(iso3);
    }
  });

  it.each([
    ["TUR", ["Türkiye", "Turkey", "Turkiye", "TURKIYE", "turkey"]],
    ["CIV", ["Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire", "Ivory Coast", "cote divoire"]],
    [
      "PRK",
      [
        "DPRK",
        "North Korea",
        "Democratic People's Republic of Korea",
        "Korea DPR",
        "Korea, Democratic People's Republic of",
      ],
    ],
    ["KOR", ["Republic of Korea", "South Korea", "ROK", "Korea", "Korea, Republic of"]],
    ["VNM", ["Viet Nam", "Vietnam"]],
    ["RUS", ["Russia", "Russian Federation"]],
    ["IRN", ["Iran", "Islamic Republic of Iran", "Iran (Islamic Republic of)"]],
    ["SYR", ["Syria", "Syrian Arab Republic"]],
    ["LAO", ["Laos", "Lao PDR", "Lao P.D.R.", "Lao People's Democratic Republic"]],
    ["BOL", ["Bolivia", "Plurinational State of Bolivia", "Bolivia (Plurinational State of)"]],
    [
      "VEN",
      ["Venezuela", "Bolivarian Republic of Venezuela", "Venezuela (Bolivarian Republic of)"],
    ],
    ["TZA", ["Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of"]],
    ["MDA", ["Moldova", "Republic of Moldova", "Moldova, Republic of"]],
    ["CZE", ["Czechia", "Czech Republic"]],
    ["MKD", ["North Macedonia", "Macedonia"]],
    ["SWZ", ["Eswatini", "Swaziland"]],
    ["CPV", ["Cabo Verde", "Cape Verde"]],
    ["MMR", ["Myanmar", "Burma"]],
    [
      "COD",
      [
        "DR Congo",
        "DRC",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
        "Congo, Democratic Republic of the",
      ],
    ],
    ["COG", ["Republic of the Congo", "Congo", "Congo-Brazzaville", "Congo Brazzaville"]],
    [
      "GBR",
      [
        "UK",
        "U.K.",
        "United Kingdom",
        "Great Britain",
        "United Kingdom of Great Britain and Northern Ireland",
      ],
    ],
    ["USA", ["USA", "US", "U.S.A.", "United States", "United States of America"]],
    ["VAT", ["Holy See", "Vatican", "Vatican City State"]],
    ["PSE", ["Palestine", "State of Palestine"]],
    ["FSM", ["Micronesia", "Federated States of Micronesia", "Micronesia (Federated States of)"]],
    ["BRN", ["Brunei", "Brunei Darussalam"]],
    ["TLS", ["Timor-Leste", "Timor Leste", "East Timor"]],
    ["ARE", ["UAE", "U.A.E.", "United Arab Emirates"]],
    ["NLD", ["Netherlands", "Kingdom of the Netherlands", "Netherlands (Kingdom of the)"]],
    ["GMB", ["Gambia", "The Gambia", "the gambia"]],
    ["BHS", ["Bahamas", "The Bahamas"]],
    ["STP", ["Sao Tome and Principe", "São Tomé and Príncipe", "Sao Tome & Principe"]],
    ["KNA", ["Saint Kitts and Nevis", "St Kitts and Nevis", "St. Kitts & Nevis", "Saint Kitts"]],
    ["LCA", ["Saint Lucia", "St Lucia", "St. Lucia"]],
    [
      "VCT",
      [
        "Saint Vincent and the Grenadines",
        "St Vincent and the Grenadines",
        "St. Vincent & the Grenadines",
      ],
    ],
  ])("%s is found from its common variants", (iso3, variants) => {
    for (const variant of variants) expect(iso3Of(variant), variant).toBe(iso3);
  });

  it("returns the seed's display name, not the alias", () => {
    expect(resolve("Côte d'Ivoire")).toEqual({ iso3: "CIV", iso2: "CI", name: "Ivory Coast" });
    expect(resolve("Democratic Republic of the Congo")?.name).toBe("DR Congo");
  });

  it.each(["Atlantis", "", "   ", "XX", "XXX", "Korea North South", "Congo Republic DR", "🇫🇷"])(
    "returns null for %j",
    (junk) => {
      expect(resolve(junk)).toBeNull();
    },
  );
});

describe("createStateResolver", () => {
  const states: ResolvableState[] = [
    { iso2: "AA", iso3: "AAA", name: "Alphaland", names: { fr: "Terre d'Alpha", es: "Georgia" } },
    { iso2: "BB", iso3: "BBB", name: "Betaland", officialName: "Republic of Beta" },
    { iso2: "CC", iso3: "CCC", name: "Georgia", names: { fr: "Bêta" } },
    { iso2: "DD", iso3: "DDD", name: "Shared" },
    { iso2: "EE", iso3: "EEE", name: "Other", officialName: "Shared" },
    { iso2: "FF", iso3: "FFF", name: "Foxland", names: { fr: "Bêta" } },
  ];
  const resolveTest = createStateResolver(states);

  it("matches names in other languages", () => {
    expect(resolveTest("terre d’alpha")?.iso3).toBe("AAA");
  });

  it("prefers a state's own name over another state's translated name", () => {
    expect(resolveTest("Georgia")?.iso3).toBe("CCC");
  });

  it("returns null when a name fits several states", () => {
    expect(resolveTest("Shared")).toBeNull();
    expect(resolveTest("Beta")).toBeNull();
  });

  it("ignores curated aliases for states it was not given", () => {
    expect(resolveTest("Ivory Coast")).toBeNull();
    expect(resolveTest("USA")).toBeNull();
  });
});

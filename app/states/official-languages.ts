/**
 * The language each member state's foreign ministry works in, for the states
 * whose language Démarche has letter templates for (ISO 639-1). States not
 * listed get English letters. Where a state has several official languages,
 * the one its ministry corresponds in is chosen; the comments say why when
 * that is not obvious.
 */
export const statesByLanguage: Readonly<Record<string, readonly string[]>> = {
  // Arab League members (Palestine is an observer state, not a member: not listed).
  // Comoros and Djibouti correspond in French, listed there.
  ar: [
    "DZA",
    "BHR",
    "EGY",
    "IRQ",
    "JOR",
    "KWT",
    "LBN",
    "LBY",
    "MRT",
    "MAR",
    "OMN",
    "QAT",
    "SAU",
    "SOM",
    "SDN",
    "SYR",
    "TUN",
    "ARE",
    "YEM",
  ],
  zh: ["CHN"],
  // Kazakhstan and Kyrgyzstan: Russian is official beside the state language.
  // Tajikistan: Tajik is written in Cyrillic, so a Persian letter would not be
  // read as easily as a Russian one, the ministry's other working language.
  ru: ["RUS", "BLR", "KAZ", "KGZ", "TJK"],
  de: ["DEU", "AUT", "CHE", "LIE"],
  pt: ["PRT", "BRA", "AGO", "MOZ", "CPV", "GNB", "STP", "TLS"],
  // Afghanistan: Dari, the Persian of Afghanistan, is ISO 639-1 "fa".
  fa: ["IRN", "AFG"],
  // Belgium's federal ministry works in French and Dutch; there is no Dutch template.
  fr: [
    "FRA",
    "BEL",
    "LUX",
    "MCO",
    "BEN",
    "BFA",
    "BDI",
    "CMR",
    "CAF",
    "TCD",
    "COM",
    "COG",
    "COD",
    "CIV",
    "DJI",
    "GAB",
    "GIN",
    "HTI",
    "MDG",
    "MLI",
    "NER",
    "SEN",
    "TGO",
  ],
  es: [
    "ESP",
    "MEX",
    "GTM",
    "HND",
    "SLV",
    "NIC",
    "CRI",
    "PAN",
    "CUB",
    "DOM",
    "COL",
    "VEN",
    "ECU",
    "PER",
    "BOL",
    "CHL",
    "ARG",
    "URY",
    "PRY",
    "GNQ",
  ],
};

export const officialLanguages: ReadonlyMap<string, string> = new Map(
  Object.entries(statesByLanguage).flatMap(([language, states]) =>
    states.map((iso3) => [iso3, language] as const),
  ),
);

/** The main official language of a member state, or null when no letter template exists for it. */
export function officialLanguage(stateIso3: string): string | null {
  return officialLanguages.get(stateIso3) ?? null;
}

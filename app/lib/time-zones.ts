/** IANA time zones as the runtime (ICU) knows them: for contacts' office hours and metrics' days. */

let timeZonesByLowerCase: Map<string, string> | undefined;

/** Built on first use: importing this module (the staff pages do) costs nothing. */
function timeZones(): Map<string, string> {
  timeZonesByLowerCase ??= new Map(
    Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]),
  );
  return timeZonesByLowerCase;
}

/** Every IANA zone the runtime knows, UTC first. */
export function timeZoneNames(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

/**
 * An IANA zone, canonically spelt ("europe/paris" → "Europe/Paris"); an alias
 * the runtime resolves (Asia/Kolkata) stays as typed; anything else is null.
 */
export function knownTimeZone(text: string): string | null {
  const listed = timeZones().get(text.toLowerCase());
  if (listed) return listed;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: text }).resolvedOptions().timeZone;
    return resolved === "UTC" || timeZones().has(resolved.toLowerCase()) ? text : null;
  } catch {
    return null;
  }
}

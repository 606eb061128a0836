/** Pure rules behind the dashboard's summary tables (docs/decisions/006-dashboard-tallies.md). */

const alignedZones = new Map<string, boolean>();

/**
 * True when the zone's offset from UTC has been a whole number of hours
 * throughout 2000–2040 (sampled twice a month at noon UTC), so that its
 * midnights fall on UTC hour boundaries. Memoised per zone.
 */
export function hourAligned(timeZone: string): boolean {
  const known = alignedZones.get(timeZone);
  if (known !== undefined) return known;
  const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  let aligned = true;
  for (let year = 2000; aligned && year <= 2040; year++) {
    for (let month = 0; aligned && month < 12; month++) {
      for (const day of [1, 15]) {
        const name = offset
          .formatToParts(Date.UTC(year, month, day, 12))
          .find((part) => part.type === "timeZoneName")?.value;
        // "GMT", "GMT+01:00", "GMT-05:30"
        if (name && !/^GMT([+-]\d{2}:00)?$/.test(name)) aligned = false;
      }
    }
  }
  alignedZones.set(timeZone, aligned);
  return aligned;
}

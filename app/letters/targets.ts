import type { ContactKind } from "~/contacts/contact-kinds";
import type { DecisionRule } from "~/positions/stance";

/** The office a letter is addressed to: one of the contact kinds. */
export type TargetKind = ContactKind;

/**
 * The offices a letter on this ask goes to. The ministry always applies; the
 * Geneva mission only for Human Rights Council asks, the New York mission
 * only for Security Council and General Assembly asks.
 */
export function targetKindsFor(
  campaignKinds: readonly TargetKind[],
  rule: DecisionRule,
): TargetKind[] {
  const applies = (kind: TargetKind) =>
    kind === "ministry" ||
    (kind === "geneva" && rule.startsWith("hrc_")) ||
    (kind === "new_york" && (rule.startsWith("unsc_") || rule === "unga_resolution"));
  const kinds = campaignKinds.filter(applies);
  return kinds.length > 0 ? kinds : ["ministry"];
}

/** When no verified contact exists yet, the letter still needs a name and a salutation. */
export const fallbackTarget: Record<
  TargetKind,
  Record<string, { name: string; salutation: string }>
> = {
  ministry: {
    en: { name: "Minister for Foreign Affairs", salutation: "Excellency" },
    fr: { name: "Ministre des Affaires étrangères", salutation: "Excellence" },
    es: { name: "Ministro/a de Relaciones Exteriores", salutation: "Excelencia" },
  },
  geneva: {
    en: { name: "Permanent Mission to the United Nations in Geneva", salutation: "Excellency" },
    fr: { name: "Mission permanente auprès des Nations Unies à Genève", salutation: "Excellence" },
    es: { name: "Misión Permanente ante las Naciones Unidas en Ginebra", salutation: "Excelencia" },
  },
  new_york: {
    en: { name: "Permanent Mission to the United Nations in New York", salutation: "Excellency" },
    fr: {
      name: "Mission permanente auprès des Nations Unies à New York",
      salutation: "Excellence",
    },
    es: {
      name: "Misión Permanente ante las Naciones Unidas en Nueva York",
      salutation: "Excelencia",
    },
  },
};

/** Monday to Friday, 09:00 to 17:00 in the office's time zone. */
export function withinOfficeHours(now: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "numeric",
    hourCycle: "h23",
  }).formatToParts(now);
  const weekday = parts.find((p) => p.type === "weekday")?.value ?? "";
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? "0");
  return !["Sat", "Sun"].includes(weekday) && hour >= 9 && hour < 17;
}

/** The next moment (on the hour, at most a week ahead) that falls within office hours. */
export function nextOfficeHour(now: Date, timeZone: string): Date {
  const hour = 60 * 60 * 1000;
  let candidate = new Date(Math.ceil(now.getTime() / hour) * hour);
  for (let i = 0; i < 24 * 8; i++) {
    if (withinOfficeHours(candidate, timeZone)) return candidate;
    candidate = new Date(candidate.getTime() + hour);
  }
  return candidate;
}

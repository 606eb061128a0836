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

/**
 * When no verified contact exists yet, the letter still needs a name and a
 * salutation, in the formal form each language uses towards a minister or an
 * ambassador without knowing who holds the office (templates/README.md).
 */
export const fallbackTarget: Record<
  TargetKind,
  Record<string, { name: string; salutation: string }>
> = {
  ministry: {
    en: { name: "Minister for Foreign Affairs", salutation: "Excellency" },
    fr: { name: "Ministre des Affaires étrangères", salutation: "Excellence" },
    es: { name: "Ministro/a de Relaciones Exteriores", salutation: "Excelencia" },
    ar: { name: "معالي وزير الخارجية", salutation: "معالي الوزير" },
    zh: { name: "外交部长", salutation: "尊敬的部长阁下" },
    ru: { name: "Министру иностранных дел", salutation: "Ваше Превосходительство" },
    de: {
      name: "Ministerium für Auswärtige Angelegenheiten",
      salutation: "Sehr geehrte Frau Ministerin, sehr geehrter Herr Minister",
    },
    pt: { name: "Ministro/a das Relações Exteriores", salutation: "Excelência" },
    fa: { name: "وزیر محترم امور خارجه", salutation: "عالیجناب" },
  },
  geneva: {
    en: { name: "Permanent Mission to the United Nations in Geneva", salutation: "Excellency" },
    fr: { name: "Mission permanente auprès des Nations Unies à Genève", salutation: "Excellence" },
    es: { name: "Misión Permanente ante las Naciones Unidas en Ginebra", salutation: "Excelencia" },
    ar: { name: "البعثة الدائمة لدى الأمم المتحدة في جنيف", salutation: "سعادة السفير" },
    zh: { name: "常驻联合国日内瓦办事处代表团", salutation: "尊敬的大使阁下" },
    ru: {
      name: "Постоянному представительству при Отделении ООН в Женеве",
      salutation: "Ваше Превосходительство",
    },
    de: { name: "Ständige Vertretung bei den Vereinten Nationen in Genf", salutation: "Exzellenz" },
    pt: { name: "Missão Permanente junto das Nações Unidas em Genebra", salutation: "Excelência" },
    fa: { name: "نمایندگی دائم نزد دفتر سازمان ملل متحد در ژنو", salutation: "عالیجناب" },
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
    ar: { name: "البعثة الدائمة لدى الأمم المتحدة في نيويورك", salutation: "سعادة السفير" },
    zh: { name: "常驻联合国代表团（纽约）", salutation: "尊敬的大使阁下" },
    ru: {
      name: "Постоянному представительству при ООН в Нью-Йорке",
      salutation: "Ваше Превосходительство",
    },
    de: {
      name: "Ständige Vertretung bei den Vereinten Nationen in New York",
      salutation: "Exzellenz",
    },
    pt: {
      name: "Missão Permanente junto das Nações Unidas em Nova Iorque",
      salutation: "Excelência",
    },
    fa: { name: "نمایندگی دائم نزد سازمان ملل متحد در نیویورک", salutation: "عالیجناب" },
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

import { z } from "zod";

/**
 * What staff type on the embed page: the partner sites allowed to frame the
 * campaign (one origin a line) and the source codes (one source a line,
 * `code | Partner name | consent text`). Pure: the route parses, the server
 * module stores.
 */

export const maxOrigins = 20;
export const maxSources = 50;
export const sourceCodePattern = /^[a-z0-9-]{1,40}$/;
const maxPartnerName = 120;
const maxConsentText = 300;

export interface EmbedSource {
  code: string;
  partnerName: string;
  consentText: string | null;
}

export interface EmbedSettings {
  origins: string[];
  sources: EmbedSource[];
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]";
}

/** The origin as browsers send it, or null unless it is https (http only for loopback). */
export function normalOrigin(text: string): string | null {
  const trimmed = text.trim().replace(/\/$/, "");
  if (!URL.canParse(trimmed)) return null;
  const url = new URL(trimmed);
  const secure =
    url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  // Anything beyond scheme, host and port (a path, credentials, a query) is not an origin.
  if (!secure || url.origin !== trimmed.toLowerCase()) return null;
  return url.origin;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const originsField = z
  .string()
  .max(4000, "Too long: at most 20 origins")
  .transform((text, ctx) => {
    const origins: string[] = [];
    for (const [index, line] of lines(text).entries()) {
      const origin = normalOrigin(line);
      if (!origin) {
        ctx.addIssue({
          code: "custom",
          message: `Line ${index + 1}: "${line.slice(0, 80)}" is not an origin like https://example.org (http only for localhost)`,
        });
        return z.NEVER;
      }
      if (!origins.includes(origin)) origins.push(origin);
    }
    if (origins.length > maxOrigins) {
      ctx.addIssue({ code: "custom", message: `At most ${maxOrigins} origins` });
      return z.NEVER;
    }
    return origins;
  });

const sourcesField = z
  .string()
  .max(30_000, "Too long: at most 50 sources")
  .transform((text, ctx) => {
    const sources: EmbedSource[] = [];
    for (const [index, line] of lines(text).entries()) {
      const [code = "", partnerName = "", ...consent] = line.split("|").map((p) => p.trim());
      const consentText = consent.join("|").trim();
      const problem = !sourceCodePattern.test(code)
        ? `the code "${code.slice(0, 50)}" must be 1 to 40 lowercase letters, digits or hyphens`
        : partnerName === "" || partnerName.length > maxPartnerName
          ? `give the partner's name (at most ${maxPartnerName} characters)`
          : consentText.length > maxConsentText
            ? `the consent text is over ${maxConsentText} characters`
            : sources.some((s) => s.code === code)
              ? `the code "${code}" is already used`
              : null;
      if (problem) {
        ctx.addIssue({ code: "custom", message: `Line ${index + 1}: ${problem}` });
        return z.NEVER;
      }
      sources.push({ code, partnerName, consentText: consentText || null });
    }
    if (sources.length > maxSources) {
      ctx.addIssue({ code: "custom", message: `At most ${maxSources} sources` });
      return z.NEVER;
    }
    return sources;
  });

export const embedSettingsSchema = z.object({
  origins: originsField,
  sources: sourcesField,
});

/** The settings as the form shows them. */
export function embedSettingsFormValues(settings: EmbedSettings): Record<string, string> {
  return {
    origins: settings.origins.join("\n"),
    sources: settings.sources
      .map((s) => [s.code, s.partnerName, s.consentText].filter(Boolean).join(" | "))
      .join("\n"),
  };
}

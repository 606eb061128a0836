import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { asks, campaigns, contactKind, letterTemplates } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { TargetKind } from "~/letters/targets";
import type { DbOrTx } from "~/lib/db.server";
import { type TemplateError, validateTemplate } from "./letter-template";
import { fileTemplate } from "./template-files.server";

/**
 * Staff overrides of the shipped letter templates, per campaign x ask x language
 * x target kind. Every save is a new version; the latest one is active.
 */

export type LetterTemplateRow = typeof letterTemplates.$inferSelect;
export type LetterTemplateField = "subject" | "body" | "openings" | "closings";

export interface ActiveLetterTemplate {
  /** Null for the shipped file templates. */
  id: number | null;
  /** "db:<id>" for a stored version, "file:<language>" for the shipped files. */
  version: string;
  subject: string;
  body: string;
  openings: string[];
  closings: string[];
}

/** Carries each field's problems with line and column, for the staff form to show beside it. */
export class LetterTemplateInvalidError extends Error {
  override name = "LetterTemplateInvalidError";
  constructor(readonly fields: Partial<Record<LetterTemplateField, TemplateError[]>>) {
    const [field, errors] = Object.entries(fields)[0] ?? [];
    const first = errors?.[0];
    const where = first
      ? ` (${field}, line ${first.line}, column ${first.column}: ${first.message})`
      : "";
    super(`The letter template has errors${where}`);
  }
}

export class AskNotInCampaignError extends Error {}

const limits = { subject: 300, body: 20_000, variation: 1_000, variations: 20 };

export const letterTemplateInputSchema = z.object({
  campaignId: z.number().int().positive(),
  askId: z.number().int().positive().nullable(),
  language: z.string().regex(/^[a-z]{2,3}$/, "language must be a code such as en, fr or es"),
  targetKind: z.enum(contactKind.enumValues),
  subject: z.string(),
  body: z.string(),
  openings: z.array(z.string()),
  closings: z.array(z.string()),
});
export type LetterTemplateInput = z.input<typeof letterTemplateInputSchema>;

/**
 * Stores a new version after validating every field; a template with errors
 * throws LetterTemplateInvalidError and stores nothing.
 */
export async function saveLetterTemplate(
  db: DbOrTx,
  actor: Actor,
  input: LetterTemplateInput,
): Promise<LetterTemplateRow> {
  const parsed = letterTemplateInputSchema.parse(input);
  // Browsers submit textareas with CRLF line ends.
  const template = {
    subject: unixLines(parsed.subject).trim(),
    body: unixLines(parsed.body),
    openings: variationList(parsed.openings),
    closings: variationList(parsed.closings),
  };
  const fields = templateFieldErrors(template);
  if (Object.keys(fields).length > 0) throw new LetterTemplateInvalidError(fields);
  return db.transaction(async (tx) => {
    await lockCampaign(tx, parsed.campaignId);
    if (parsed.askId !== null) await assertAskInCampaign(tx, parsed.askId, parsed.campaignId);
    const scope = scopeCondition(parsed);
    const [latest] = await tx
      .select({ version: sql<number>`coalesce(max(${letterTemplates.version}), 0)::int` })
      .from(letterTemplates)
      .where(scope);
    const [saved] = await tx
      .insert(letterTemplates)
      .values({
        campaignId: parsed.campaignId,
        askId: parsed.askId,
        language: parsed.language,
        targetKind: parsed.targetKind,
        version: (latest?.version ?? 0) + 1,
        ...template,
        createdBy: actor.kind === "staff" ? actor.userId : null,
      })
      .returning();
    if (!saved) throw new Error("The letter template was not stored");
    await recordAudit(tx, actor, {
      action: "letter_template.save",
      entityType: "letter_template",
      entityId: saved.id,
      details: {
        campaignId: saved.campaignId,
        askId: saved.askId,
        language: saved.language,
        targetKind: saved.targetKind,
        version: saved.version,
      },
    });
    return saved;
  });
}

function unixLines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** One variation per line in the staff form: blank lines are dropped. */
function variationList(items: readonly string[]): string[] {
  return items.map((item) => unixLines(item).trim()).filter((item) => item !== "");
}

function templateFieldErrors(template: {
  subject: string;
  body: string;
  openings: string[];
  closings: string[];
}): Partial<Record<LetterTemplateField, TemplateError[]>> {
  const fields: Partial<Record<LetterTemplateField, TemplateError[]>> = {};
  const add = (field: LetterTemplateField, errors: TemplateError[]) => {
    if (errors.length > 0) fields[field] = errors;
  };
  add("subject", sourceErrors(template.subject, limits.subject, "Write a subject"));
  add("body", sourceErrors(template.body, limits.body, "Write the letter"));
  add("openings", variationErrors(template.openings, "opening"));
  add("closings", variationErrors(template.closings, "closing"));
  return fields;
}

function sourceErrors(source: string, maxLength: number, emptyMessage: string): TemplateError[] {
  if (source.trim() === "") return [{ line: 1, column: 1, message: emptyMessage }];
  if (source.length > maxLength) {
    return [{ line: 1, column: 1, message: `Keep it under ${maxLength} characters` }];
  }
  const validation = validateTemplate(source, "letter");
  return validation.ok ? [] : validation.errors;
}

/** Openings and closings are plain text: line n of the form is item n. */
function variationErrors(items: readonly string[], noun: string): TemplateError[] {
  const errors: TemplateError[] = [];
  if (items.length > limits.variations) {
    errors.push({ line: 1, column: 1, message: `At most ${limits.variations} ${noun}s` });
  }
  items.forEach((item, index) => {
    const brace = item.search(/\{\{|\}\}/);
    if (brace !== -1) {
      errors.push({
        line: index + 1,
        column: brace + 1,
        message: `An ${noun} is plain text: {{ }} is not allowed here`,
      });
    } else if (item.length > limits.variation) {
      errors.push({
        line: index + 1,
        column: 1,
        message: `Keep each ${noun} under ${limits.variation} characters`,
      });
    }
  });
  return errors;
}

// Serialises saves per campaign so two editors cannot take the same version number.
// "no key update" still lets letters referencing the campaign be inserted meanwhile.
async function lockCampaign(tx: DbOrTx, campaignId: number) {
  const [campaign] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .for("no key update");
  if (!campaign) throw new Error(`Campaign ${campaignId} does not exist`);
}

async function assertAskInCampaign(tx: DbOrTx, askId: number, campaignId: number) {
  const [ask] = await tx
    .select({ id: asks.id })
    .from(asks)
    .where(and(eq(asks.id, askId), eq(asks.campaignId, campaignId)));
  if (!ask) throw new AskNotInCampaignError(`Ask ${askId} is not part of campaign ${campaignId}`);
}

function scopeCondition(scope: {
  campaignId: number;
  askId: number | null;
  language: string;
  targetKind: TargetKind;
}) {
  return and(
    eq(letterTemplates.campaignId, scope.campaignId),
    scope.askId === null ? isNull(letterTemplates.askId) : eq(letterTemplates.askId, scope.askId),
    eq(letterTemplates.language, scope.language),
    eq(letterTemplates.targetKind, scope.targetKind),
  );
}

/**
 * The template a new letter uses: the latest version for the ask, else the
 * latest campaign-wide one (askId null), else the shipped files. A stored
 * version without openings or closings borrows the shipped ones for its language.
 */
export async function activeLetterTemplate(
  db: DbOrTx,
  scope: { campaignId: number; askId: number | null; language: string; targetKind: TargetKind },
): Promise<ActiveLetterTemplate> {
  const askCondition =
    scope.askId === null
      ? isNull(letterTemplates.askId)
      : or(eq(letterTemplates.askId, scope.askId), isNull(letterTemplates.askId));
  const [stored] = await db
    .select()
    .from(letterTemplates)
    .where(
      and(
        eq(letterTemplates.campaignId, scope.campaignId),
        askCondition,
        eq(letterTemplates.language, scope.language),
        eq(letterTemplates.targetKind, scope.targetKind),
      ),
    )
    // Ask-specific rows (ask_id is null = false) sort before campaign-wide ones.
    .orderBy(sql`${letterTemplates.askId} is null`, desc(letterTemplates.version))
    .limit(1);
  const file = fileTemplate("letter", scope.language);
  if (!stored) {
    return {
      id: null,
      version: `file:${file.language}`,
      subject: file.subject,
      body: file.body,
      openings: [...file.openings],
      closings: [...file.closings],
    };
  }
  return {
    id: stored.id,
    version: `db:${stored.id}`,
    subject: stored.subject,
    body: stored.body,
    openings: stored.openings.length > 0 ? stored.openings : [...file.openings],
    closings: stored.closings.length > 0 ? stored.closings : [...file.closings],
  };
}

/** A campaign's stored versions: campaign-wide first, then by ask; newest first in each scope. */
export async function listTemplateVersions(
  db: DbOrTx,
  campaignId: number,
): Promise<LetterTemplateRow[]> {
  return db
    .select()
    .from(letterTemplates)
    .where(eq(letterTemplates.campaignId, campaignId))
    .orderBy(
      sql`${letterTemplates.askId} asc nulls first`,
      asc(letterTemplates.language),
      asc(letterTemplates.targetKind),
      desc(letterTemplates.version),
    );
}

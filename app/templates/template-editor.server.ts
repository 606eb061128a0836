import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { staffUsers, states } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import { contactKinds } from "~/contacts/contact-kinds";
import { type Ask, type Campaign, verifiedContact } from "~/letters/compose.server";
import { type LetterLanguage, letterLanguages } from "~/letters/letter-form";
import { fallbackTarget, type TargetKind } from "~/letters/targets";
import type { Database, DbOrTx } from "~/lib/db.server";
import { formFields } from "~/lib/form";
import { type Mailer, mailerFor } from "~/lib/mail.server";
import { currentPositions } from "~/positions/positions.server";
import type { Position } from "~/positions/stance";
import {
  formatLetterDate,
  renderLetter,
  type TemplateError,
  TemplateRenderError,
  validateTemplate,
} from "./letter-template";
import {
  activeLetterTemplate,
  type LetterTemplateField,
  LetterTemplateInvalidError,
  listTemplateVersions,
  saveLetterTemplate,
} from "./letter-templates.server";
import { fileTemplate } from "./template-files.server";

/**
 * The staff template editor: which template is edited, a preview of an unsaved
 * draft for one state, saving it as a new version, and a test sent to the editor.
 */

export type CampaignWithAsks = Campaign & { asks: Ask[] };
export type TemplateFieldErrors = Partial<Record<LetterTemplateField, TemplateError[]>>;

/** The text of the editor as typed: openings and closings one per line. */
export interface TemplateDraft {
  subject: string;
  body: string;
  openings: string;
  closings: string;
}

export interface TemplateScope {
  /** Null edits the campaign-wide template. */
  ask: Ask | null;
  language: LetterLanguage;
  targetKind: TargetKind;
}

// ---------------------------------------------------------------- parsing

const scopeQuerySchema = z.object({
  ask: z.string().max(100).catch(""),
  language: z.enum(letterLanguages).catch("en"),
  targetKind: z.enum(contactKinds).catch("ministry"),
  state: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined),
});

/** The scope in the page's address; anything unknown falls back to the default. */
export function templateScopeFromQuery(campaign: CampaignWithAsks, search: URLSearchParams) {
  const query = scopeQuerySchema.parse(Object.fromEntries(search));
  const scope: TemplateScope = {
    ask: campaign.asks.find((ask) => ask.slug === query.ask) ?? null,
    language: query.language,
    targetKind: query.targetKind,
  };
  return { scope, stateIso3: query.state ?? null };
}

export const templateIntents = ["preview", "save", "send-test"] as const;
export type TemplateIntent = (typeof templateIntents)[number];

// Generous caps against oversized posts; saveLetterTemplate reports the real limits per field.
const submissionSchema = z.object({
  intent: z.enum(templateIntents, { message: "Unknown action" }),
  ask: z.string().max(100).default(""),
  language: z.enum(letterLanguages, { message: "Choose a language" }),
  targetKind: z.enum(contactKinds, { message: "Choose whom the letter addresses" }),
  state: z.string().default(""),
  subject: z.string().max(5_000, "The subject is far too long").default(""),
  body: z.string().max(100_000, "The letter is far too long").default(""),
  openings: z.string().max(100_000, "The openings are far too long").default(""),
  closings: z.string().max(100_000, "The closings are far too long").default(""),
});

export interface TemplateSubmission {
  intent: TemplateIntent;
  scope: TemplateScope;
  stateIso3: string | null;
  draft: TemplateDraft;
  /** What was typed, to put back in the form. */
  values: Record<string, string>;
}

export type ParsedSubmission =
  | { ok: true; submission: TemplateSubmission }
  | { ok: false; message: string; values: Record<string, string> };

export function parseTemplateSubmission(
  campaign: CampaignWithAsks,
  form: FormData,
): ParsedSubmission {
  const values = formFields(form, ["intent"]);
  const parsed = submissionSchema.safeParse({ ...values, intent: form.get("intent") });
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form", values };
  }
  const { intent, ask: askSlug, language, targetKind, state, ...draft } = parsed.data;
  const ask = askSlug ? campaign.asks.find((a) => a.slug === askSlug) : null;
  if (ask === undefined) return { ok: false, message: "Choose an ask of this campaign", values };
  const stateIso3 = /^[A-Z]{3}$/.test(state) ? state : null;
  return {
    ok: true,
    submission: { intent, scope: { ask, language, targetKind }, stateIso3, draft, values },
  };
}

// ---------------------------------------------------------------- loading

export interface TemplateVersionRow {
  id: number;
  askTitle: string | null;
  language: string;
  targetKind: TargetKind;
  version: number;
  author: string | null;
  createdAt: string;
}

/** Everything the editor page shows for one scope. */
export async function loadTemplateEditor(
  db: DbOrTx,
  campaign: CampaignWithAsks,
  scope: TemplateScope,
) {
  const [active, versions, stateChoices] = await Promise.all([
    activeLetterTemplate(db, {
      campaignId: campaign.id,
      askId: scope.ask?.id ?? null,
      language: scope.language,
      targetKind: scope.targetKind,
    }),
    templateVersionsWithAuthors(db, campaign),
    db
      .select({ iso3: states.iso3, name: states.name })
      .from(states)
      .where(eq(states.unStatus, "member"))
      .orderBy(asc(states.name)),
  ]);
  const inEffect = versions.find((v) => v.id === active.id) ?? null;
  return {
    draft: {
      subject: active.subject,
      body: active.body,
      openings: active.openings.join("\n"),
      closings: active.closings.join("\n"),
    } satisfies TemplateDraft,
    inEffect,
    versions,
    states: stateChoices,
  };
}

/** The campaign's stored versions with who saved them (staff e-mail) and when. */
export async function templateVersionsWithAuthors(
  db: DbOrTx,
  campaign: CampaignWithAsks,
): Promise<TemplateVersionRow[]> {
  const rows = await listTemplateVersions(db, campaign.id);
  const authorIds = [...new Set(rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])))];
  const authors =
    authorIds.length === 0
      ? []
      : await db
          .select({ id: staffUsers.id, email: staffUsers.email })
          .from(staffUsers)
          .where(inArray(staffUsers.id, authorIds));
  const emails = new Map(authors.map((a) => [a.id, a.email]));
  const askTitles = new Map(campaign.asks.map((a) => [a.id, a.title]));
  return rows.map((row) => ({
    id: row.id,
    askTitle: row.askId === null ? null : (askTitles.get(row.askId) ?? `Ask ${row.askId}`),
    language: row.language,
    targetKind: row.targetKind,
    version: row.version,
    author: row.createdBy ? (emails.get(row.createdBy) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

// ---------------------------------------------------------------- preview

export interface PreviewInput {
  campaign: CampaignWithAsks;
  scope: TemplateScope;
  stateIso3: string | null;
  draft: TemplateDraft;
  now?: Date;
}

export type LetterPreview =
  | {
      ok: true;
      subject: string;
      body: string;
      stateName: string;
      stance: Position;
      askTitle: string;
      targetName: string;
      hasContact: boolean;
      /** The scope's language: the preview is shown with its direction. */
      language: LetterLanguage;
    }
  | { ok: false; fields: TemplateFieldErrors; message: string | null };

/** Stands in for a supporter: the preview never shows anyone's personal data. */
export const sampleSupporter = {
  name: "Alex Sample",
  city: "Sample City",
  personalParagraph: "[The supporter's own paragraph appears here.]",
};

/**
 * Renders an unsaved draft as the letter a supporter from this state would
 * send now: the state's current public stance, its verified contact if any.
 * A campaign-wide draft is previewed with the campaign's first ask.
 */
export async function previewTemplateDraft(
  db: DbOrTx,
  input: PreviewInput,
): Promise<LetterPreview> {
  const fields = draftErrors(input.draft);
  if (Object.keys(fields).length > 0) return { ok: false, fields, message: null };
  const ask = input.scope.ask ?? input.campaign.asks[0];
  if (!ask) return failure("This campaign has no asks to write about yet.");
  const [state] = input.stateIso3
    ? await db.select().from(states).where(eq(states.iso3, input.stateIso3))
    : [];
  if (!state) return failure("Choose the state to preview the letter for.");
  const { language, targetKind } = input.scope;
  const [contact, positions] = await Promise.all([
    verifiedContact(db, state.iso3, targetKind),
    currentPositions(db, [ask.id], { audience: "public" }),
  ]);
  const stance = positions.get(ask.id)?.get(state.iso3)?.position ?? "no_information";
  const fallback = fallbackTarget[targetKind][language] ?? fallbackTarget[targetKind].en;
  const targetName = contact?.name ?? fallback?.name ?? "";
  const shipped = fileTemplate("letter", language);
  try {
    const rendered = renderLetter({
      subject: input.draft.subject.trim(),
      body: input.draft.body,
      // Like a stored version, a draft without openings or closings borrows the shipped ones.
      openings: orShipped(variationLines(input.draft.openings), shipped.openings),
      closings: orShipped(variationLines(input.draft.closings), shipped.closings),
      variationSeed: `preview:${state.iso3}`,
      variables: {
        supporter: { name: sampleSupporter.name, city: sampleSupporter.city },
        personalParagraph: sampleSupporter.personalParagraph,
        target: {
          name: targetName,
          salutation: contact?.salutations[language] ?? fallback?.salutation ?? "Excellency",
          kind: targetKind,
        },
        state: { name: state.names[language] ?? state.name, stance },
        ask: { title: ask.title, description: ask.description },
        campaign: { title: input.campaign.title },
        date: formatLetterDate(input.now ?? new Date(), language, contact?.timeZone ?? undefined),
        language,
      },
    });
    return {
      ok: true,
      ...rendered,
      stateName: state.name,
      stance,
      askTitle: ask.title,
      targetName,
      hasContact: Boolean(contact),
      language,
    };
  } catch (error) {
    if (error instanceof TemplateRenderError) return renderFailure(error);
    throw error;
  }
}

function failure(message: string): LetterPreview {
  return { ok: false, fields: {}, message };
}

function renderFailure(error: TemplateRenderError): LetterPreview {
  const field =
    error.variable === "openings" || error.variable === "closings" ? error.variable : null;
  if (field) return { ok: false, fields: { [field]: [at(1, 1, error.message)] }, message: null };
  return { ok: false, fields: {}, message: error.message };
}

function orShipped(items: string[], shipped: readonly string[]): readonly string[] {
  return items.length > 0 ? items : shipped;
}

function at(line: number, column: number, message: string): TemplateError {
  return { line, column, message };
}

function textLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

function variationLines(text: string): string[] {
  return textLines(text)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The checks a save makes, with positions in the text as typed (nothing is trimmed first). */
function draftErrors(draft: TemplateDraft): TemplateFieldErrors {
  const fields: TemplateFieldErrors = {};
  const add = (field: LetterTemplateField, errors: TemplateError[]) => {
    if (errors.length > 0) fields[field] = errors;
  };
  add("subject", sourceErrors(draft.subject, "Write a subject"));
  add("body", sourceErrors(draft.body, "Write the letter"));
  add("openings", plainLineErrors(draft.openings, "opening"));
  add("closings", plainLineErrors(draft.closings, "closing"));
  return fields;
}

function sourceErrors(source: string, emptyMessage: string): TemplateError[] {
  if (source.trim() === "") return [at(1, 1, emptyMessage)];
  const validation = validateTemplate(source, "letter");
  return validation.ok ? [] : validation.errors;
}

function plainLineErrors(text: string, noun: string): TemplateError[] {
  return textLines(text).flatMap((line, index) => {
    const brace = line.search(/\{\{|\}\}/);
    return brace === -1
      ? []
      : [at(index + 1, brace + 1, `An ${noun} is plain text: {{ }} is not allowed here`)];
  });
}

// ---------------------------------------------------------------- saving

export type SaveDraftResult =
  | { ok: true; version: number }
  | { ok: false; fields: TemplateFieldErrors };

/** Stores the draft as the scope's next version; on errors nothing is stored. */
export async function saveTemplateDraft(
  db: DbOrTx,
  actor: Actor,
  input: { campaign: CampaignWithAsks; scope: TemplateScope; draft: TemplateDraft },
): Promise<SaveDraftResult> {
  const { campaign, scope, draft } = input;
  try {
    const saved = await saveLetterTemplate(db, actor, {
      campaignId: campaign.id,
      askId: scope.ask?.id ?? null,
      language: scope.language,
      targetKind: scope.targetKind,
      subject: draft.subject,
      body: draft.body,
      openings: textLines(draft.openings),
      closings: textLines(draft.closings),
    });
    return { ok: true, version: saved.version };
  } catch (error) {
    if (!(error instanceof LetterTemplateInvalidError)) throw error;
    return { ok: false, fields: inFormLines(error.fields, draft) };
  }
}

/**
 * saveLetterTemplate numbers openings and closings by item, blank lines dropped
 * and each item trimmed: point at the line and column of the textarea instead.
 */
function inFormLines(fields: TemplateFieldErrors, draft: TemplateDraft): TemplateFieldErrors {
  const mapped: TemplateFieldErrors = { ...fields };
  for (const field of ["openings", "closings"] as const) {
    const errors = fields[field];
    if (errors) mapped[field] = errors.map((error) => toTextareaPosition(error, draft[field]));
  }
  return mapped;
}

function toTextareaPosition(error: TemplateError, text: string): TemplateError {
  let item = 0;
  const lines = textLines(text);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    item += 1;
    if (item === error.line) {
      const indent = line.length - line.trimStart().length;
      return { ...error, line: index + 1, column: error.column + indent };
    }
  }
  return error;
}

// ---------------------------------------------------------------- test send

export type TestSendResult =
  | { kind: "sent"; to: string; subject: string }
  | { kind: "invalid"; preview: Extract<LetterPreview, { ok: false }> }
  | { kind: "failed"; reason: string };

export const testSubjectPrefix = "[TEST] ";

/**
 * Sends the previewed letter to the editor's own address, never to a ministry,
 * with "[TEST] " before the subject. Without SMTP_URL it lands in the
 * development outbox. Each test sent is audited (without the address).
 */
export async function sendTemplateTest(
  db: Database,
  actor: Actor,
  input: PreviewInput & { to: string },
  settings: {
    /** SMTP_URL: without it the test lands in the development outbox. */
    smtpUrl: string | undefined;
    /** MAIL_FROM, when the campaign has no sender of its own. */
    mailFrom: string;
    mailer?: Mailer;
  },
): Promise<TestSendResult> {
  const preview = await previewTemplateDraft(db, input);
  if (!preview.ok) return { kind: "invalid", preview };
  const subject = `${testSubjectPrefix}${preview.subject}`;
  const mailer = settings.mailer ?? mailerFor({ smtpUrl: settings.smtpUrl, db });
  try {
    await mailer.send({
      from: input.campaign.senderEmail ?? settings.mailFrom,
      to: [{ name: "", address: input.to }],
      subject,
      text: preview.body,
      headers: { "X-Demarche-Test": "1", "Auto-Submitted": "auto-generated" },
    });
  } catch (error) {
    return { kind: "failed", reason: (error as Error).message?.slice(0, 300) || "unknown error" };
  } finally {
    // A mailer made here holds an SMTP pool: release it.
    if (!settings.mailer) mailer.close();
  }
  await recordAudit(db, actor, {
    action: "letter_template.test_send",
    entityType: "campaign",
    entityId: input.campaign.id,
    details: {
      askId: input.scope.ask?.id ?? null,
      language: input.scope.language,
      targetKind: input.scope.targetKind,
      state: input.stateIso3,
      development: mailer.development,
    },
  });
  return { kind: "sent", to: input.to, subject };
}

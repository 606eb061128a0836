import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { asks, campaigns } from "./campaigns";
import { contactKind, stateContacts } from "./contacts";
import { states } from "./reference";
import { staffUsers } from "./staff";

/** People who write. Personal data: admins only, scrubbed or anonymised on request. */
export const supporters = pgTable(
  "supporters",
  {
    id: serial("id").primaryKey(),
    email: text("email"),
    name: text("name"),
    city: text("city"),
    countryIso3: text("country_iso3")
      .notNull()
      .references(() => states.iso3),
    /** The page language they last wrote in (app/i18n/languages.ts). */
    language: text("language").notNull(),
    consentUpdates: boolean("consent_updates").notNull().default(false),
    /** HMAC of the first address seen, never the address itself. */
    ipHash: text("ip_hash"),
    /**
     * SHA-256 of the unsubscribe and delete-my-data links' token (`manageTokenFor`),
     * set when an e-mail carries it; random and matching no link before that.
     */
    manageToken: text("manage_token").notNull(),
    /** The manage links stop working then; each e-mail to the supporter moves it on. */
    manageTokenExpiresAt: timestamp("manage_token_expires_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    anonymisedAt: timestamp("anonymised_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("supporters_email").on(sql`lower(${t.email})`),
    uniqueIndex("supporters_manage_token").on(t.manageToken),
  ],
);

/** What someone who wrote before typed on a new submission, kept until their address confirms. */
export interface PendingSupporter {
  name: string;
  city: string | null;
  countryIso3: string;
  language: string;
  consentUpdates: boolean;
}

export const letterStatus = pgEnum("letter_status", [
  "awaiting_confirmation",
  "awaiting_contact",
  "queued",
  "sent",
  "failed",
  "bounced",
  "suppressed",
]);

/** Versioned overrides of the file templates, per ask x language x target kind. */
export const letterTemplates = pgTable(
  "letter_templates",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    askId: integer("ask_id").references(() => asks.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    targetKind: contactKind("target_kind").notNull(),
    version: integer("version").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** Alternative openings and closings, one per line, picked per letter for variation. */
    openings: text("openings").array().notNull().default(sql`'{}'`),
    closings: text("closings").array().notNull().default(sql`'{}'`),
    createdBy: integer("created_by").references(() => staffUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("letter_templates_version")
      .on(t.campaignId, t.askId, t.language, t.targetKind, t.version)
      .nullsNotDistinct(),
  ],
);

export const letters = pgTable(
  "letters",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    askId: integer("ask_id")
      .notNull()
      .references(() => asks.id, { onDelete: "cascade" }),
    /** Null once the supporter's data is deleted: the letter still counts. */
    supporterId: integer("supporter_id").references(() => supporters.id, { onDelete: "set null" }),
    stateIso3: text("state_iso3")
      .notNull()
      .references(() => states.iso3),
    targetKind: contactKind("target_kind").notNull(),
    /** Null while no verified contact exists: the letter waits, it is never dropped. */
    contactId: integer("contact_id").references(() => stateContacts.id, { onDelete: "set null" }),
    /** The letter's language (templates/letter/). */
    language: text("language").notNull(),
    /** The page language the supporter wrote in: their e-mails about this letter use it. */
    supporterLanguage: text("supporter_language").notNull().default("en"),
    subject: text("subject").notNull(),
    body: text("body"),
    personalParagraph: text("personal_paragraph"),
    /** Set on a submission's first letter when its supporter wrote before: see `PendingSupporter`. */
    pendingSupporter: jsonb("pending_supporter").$type<PendingSupporter>(),
    /** The template version it was made from; null for the shipped file templates. */
    templateId: integer("template_id").references(() => letterTemplates.id, {
      onDelete: "set null",
    }),
    templateVersion: text("template_version").notNull(),
    status: letterStatus("status").notNull(),
    confirmTokenHash: text("confirm_token_hash"),
    confirmExpiresAt: timestamp("confirm_expires_at", { withTimezone: true }),
    confirmReminderSentAt: timestamp("confirm_reminder_sent_at", { withTimezone: true }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    messageId: text("message_id"),
    /**
     * Letters sent before mail tokens were derived (`mailTokenFor`): the SHA-256 of
     * the random token in their Return-Path and Reply-To, so replies to them still
     * map back. Null for later letters; `seed:scale` marks its rows here.
     */
    bounceToken: text("bounce_token"),
    failureReason: text("failure_reason"),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    scrubbedAt: timestamp("scrubbed_at", { withTimezone: true }),
    /** SHA-256 of the "did your ministry reply?" links' token (`followUpTokenFor`). */
    followUpToken: text("follow_up_token"),
    followUpExpiresAt: timestamp("follow_up_expires_at", { withTimezone: true }),
    followUpSentAt: timestamp("follow_up_sent_at", { withTimezone: true }),
    followUpAnsweredAt: timestamp("follow_up_answered_at", { withTimezone: true }),
    // Kept by triggers from reply_reports and delegation_responses (migration
    // 0006) so that the dashboard's tallies follow a letter's answers.
    /** The first reply a person sent (not an auto-reply) that staff did not reject. */
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    repliedBySupporter: boolean("replied_by_supporter").notNull().default(false),
    repliedByEmail: boolean("replied_by_email").notNull().default(false),
    /** The first delegation response logged against this letter. */
    firstResponseOn: date("first_response_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One letter per supporter per ask per target.
    unique("letters_one_per_target").on(t.supporterId, t.askId, t.stateIso3, t.targetKind),
    uniqueIndex("letters_confirm_token").on(t.confirmTokenHash),
    uniqueIndex("letters_bounce_token").on(t.bounceToken),
    uniqueIndex("letters_follow_up_token").on(t.followUpToken),
    index("letters_contact_sent").on(t.contactId, t.sentAt),
    index("letters_campaign_created").on(t.campaignId, t.createdAt),
    index("letters_campaign_status").on(t.campaignId, t.status),
    index("letters_state").on(t.stateIso3, t.status),
    // The dashboard's daily series counts confirmations and sendings per day (index-only scans).
    index("letters_campaign_confirmed").on(t.campaignId, t.confirmedAt),
    index("letters_campaign_sent").on(t.campaignId, t.sentAt, t.status),
    // Movement: letters delivered to a state on an ask before its position changed.
    index("letters_campaign_ask_state_sent").on(
      t.campaignId,
      t.askId,
      t.stateIso3,
      t.sentAt,
      t.status,
    ),
  ],
);

/** Fixed-window counters shared by every process (rate limits per IP hash and per e-mail). */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** Development only: mail "sent" without SMTP_URL is kept here for staff to read. */
export const devOutbox = pgTable("dev_outbox", {
  id: serial("id").primaryKey(),
  envelopeFrom: text("envelope_from").notNull(),
  envelopeTo: text("envelope_to").array().notNull(),
  subject: text("subject"),
  raw: text("raw").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

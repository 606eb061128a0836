import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  integer,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { contactKind } from "./contacts";
import { bodyCode } from "./reference";

/** draft → open ⇄ paused → closed (and closed → open): see app/campaigns/campaign-lifecycle.ts. */
export const campaignStatus = pgEnum("campaign_status", ["draft", "open", "paused", "closed"]);

export const campaigns = pgTable(
  "campaigns",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    /** One paragraph, shown on the home page and at the top of the campaign's page. */
    summary: text("summary").notNull(),
    /** The longer public text: paragraphs and links (app/campaigns/public-text.ts), never HTML. */
    publicText: text("public_text").notNull().default(""),
    /** Where the call for action came from (an organisation's appeal, a UN document). */
    sourceUrl: text("source_url"),
    status: campaignStatus("status").notNull().default("draft"),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    /** When the status last changed: "recently closed" campaigns stay on the home page. */
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /** The letter languages supporters may choose (templates/letter/*): all nine unless narrowed. */
    languages: text("languages").array().notNull().default(sql`'{en,fr,es,ar,zh,ru,de,pt,fa}'`),
    /** The public language staff wrote the title, summary, public text and asks in. */
    defaultLanguage: text("default_language").notNull().default("en"),
    isDemo: boolean("is_demo").notNull().default(false),
    // Letters: whom they address and how they are sent.
    /** Which offices a supporter's letter addresses: the ministry by default. */
    targetKinds: contactKind("target_kinds").array().notNull().default(sql`'{ministry}'`),
    senderEmail: text("sender_email"),
    confirmBeforeSend: boolean("confirm_before_send").notNull().default(true),
    replyToSupporter: boolean("reply_to_supporter").notNull().default(true),
    copyToSupporter: boolean("copy_to_supporter").notNull().default(false),
    lettersPerTargetPerHour: integer("letters_per_target_per_hour").notNull().default(30),
    officeHoursOnly: boolean("office_hours_only").notNull().default(false),
    followUpDays: integer("follow_up_days").notNull().default(14),
    retentionDays: integer("retention_days").notNull().default(90),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("campaigns_dates", sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`)],
);

export const decisionRule = pgEnum("decision_rule", [
  "hrc_special_session",
  "hrc_resolution",
  "unsc_substantive",
  "unsc_procedural",
  "unga_resolution",
  "state_action",
]);

/** What a campaign asks states to do, the body that decides it, and how. */
export const asks = pgTable(
  "asks",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** Null for asks that each state acts on alone (state_action). */
    bodyCode: bodyCode("body_code"),
    decisionRule: decisionRule("decision_rule").notNull(),
    /** The day membership is counted on; null means "today". */
    decisionDate: date("decision_date"),
    importantQuestion: boolean("important_question").notNull().default(false),
    position: integer("position").notNull().default(0),
    /**
     * A retired ask leaves the public form and takes no new positions, but its history stays in
     * exports and reports: an ask with positions or letters is retired, never deleted.
     */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("asks_campaign_slug").on(t.campaignId, t.slug),
    check(
      "asks_body_decides",
      sql`${t.decisionRule} = 'state_action' or ${t.bodyCode} is not null`,
    ),
  ],
);

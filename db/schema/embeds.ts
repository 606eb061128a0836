import {
  boolean,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns";
import { letters } from "./letters";

/** Partner sites allowed to frame a campaign's embed (`frame-ancestors`): at most 20 per campaign. */
export const embedOrigins = pgTable(
  "embed_origins",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** `https://host[:port]`, or http for loopback (app/embed/embed-settings.ts). */
    origin: text("origin").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.origin] })],
);

/** The `?source=` codes staff give partners: at most 50 per campaign. */
export const embedSources = pgTable(
  "embed_sources",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    partnerName: text("partner_name").notNull(),
    /** When set, the embed offers "Send me news from {partner}" with this text. */
    consentText: text("consent_text"),
  },
  (t) => [uniqueIndex("embed_sources_campaign_code").on(t.campaignId, t.code)],
);

/**
 * Where a letter came from, written in the transaction that stores it. The
 * code and origin are copied, not referenced: a source staff delete later
 * still names the letters it brought.
 */
export const letterSources = pgTable("letter_sources", {
  letterId: integer("letter_id")
    .primaryKey()
    .references(() => letters.id, { onDelete: "cascade" }),
  sourceCode: text("source_code"),
  origin: text("origin"),
  /** The supporter ticked the partner's consent line: shared only in its news list. */
  newsConsent: boolean("news_consent").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

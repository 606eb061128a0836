import { integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { asks, campaigns } from "./campaigns";

/**
 * A campaign's public texts in one more language, written by staff. A field
 * left empty falls back to the campaign's own text (in its default language).
 */
export const campaignTranslations = pgTable(
  "campaign_translations",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    title: text("title").notNull().default(""),
    summary: text("summary").notNull().default(""),
    publicText: text("public_text").notNull().default(""),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("campaign_translations_campaign_language").on(t.campaignId, t.language)],
);

export const askTranslations = pgTable(
  "ask_translations",
  {
    id: serial("id").primaryKey(),
    askId: integer("ask_id")
      .notNull()
      .references(() => asks.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    title: text("title").notNull().default(""),
    description: text("description").notNull().default(""),
  },
  (t) => [uniqueIndex("ask_translations_ask_language").on(t.askId, t.language)],
);

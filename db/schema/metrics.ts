import { integer, pgEnum, pgTable, smallint, text, timestamp, unique } from "drizzle-orm/pg-core";
import { contactKind } from "./contacts";

/**
 * The dashboard's summary tables. Triggers on `letters` (migration 0006)
 * append each change to a letter's outcome to the `*_changes` tables (insert
 * only, so busy submissions never wait on a shared counter row); folding moves
 * them into the tallies. Readers add up both, so a count is exact even before
 * a fold. Buckets are UTC hours: exact for every time zone whose offset is a
 * whole number of hours. No foreign keys: a deleted campaign's letters leave
 * negative changes that cancel its tallies out.
 */

/** The funnel of letters *created* in an hour, by the dimensions the dashboard splits on. */
function cohortColumns() {
  return {
    campaignId: integer("campaign_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    stateIso3: text("state_iso3").notNull(),
    language: text("language").notNull(),
    askId: integer("ask_id").notNull(),
    targetKind: contactKind("target_kind").notNull(),
    /** Days from sending to the first answer, for answered letters; null for the others. */
    answeredAfter: smallint("answered_after"),
    started: integer("started").notNull().default(0),
    confirmed: integer("confirmed").notNull().default(0),
    sent: integer("sent").notNull().default(0),
    delivered: integer("delivered").notNull().default(0),
    bounced: integer("bounced").notNull().default(0),
    replied: integer("replied").notNull().default(0),
    repliedBySupporter: integer("replied_by_supporter").notNull().default(0),
    repliedByEmail: integer("replied_by_email").notNull().default(0),
    answered: integer("answered").notNull().default(0),
  };
}

export const letterTallies = pgTable("letter_tallies", cohortColumns(), (t) => [
  unique("letter_tallies_key")
    .on(t.campaignId, t.hour, t.stateIso3, t.language, t.askId, t.targetKind, t.answeredAfter)
    .nullsNotDistinct(),
]);

export const letterTallyChanges = pgTable("letter_tally_changes", cohortColumns());

/** Steps counted on the hour they happened, for the dashboard's daily series. */
export const letterEvent = pgEnum("letter_event", ["confirmed", "sent", "bounced", "replied"]);

function eventColumns() {
  return {
    campaignId: integer("campaign_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    event: letterEvent("event").notNull(),
    n: integer("n").notNull().default(0),
  };
}

export const letterEventTallies = pgTable("letter_event_tallies", eventColumns(), (t) => [
  unique("letter_event_tallies_key").on(t.campaignId, t.hour, t.event),
]);

export const letterEventChanges = pgTable("letter_event_changes", eventColumns());

import {
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { contactKind } from "./contacts";

/**
 * The dashboard's summary tables. Triggers on `letters` (migration 0006)
 * append each change to a letter's outcome to the `*_changes` tables (insert
 * only, so busy submissions never wait on a shared counter row); folding moves
 * them into the tallies. Readers add up both, so a count is exact even before
 * a fold. No foreign keys: a deleted campaign's letters leave negative
 * changes that cancel its tallies out. See docs/decisions/006-dashboard-tallies.md.
 */

/** How long a tally's bucket is: every change is folded into its hour, UTC day and UTC month. */
export const tallySpan = pgEnum("tally_span", ["hour", "day", "month"]);

/** Counts of letters by the dimensions the dashboard splits on. */
function cohortCounts() {
  return {
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

/**
 * The funnel of letters *created* in a bucket. A range reads whole months,
 * then whole days, then hours at its edges: a year is a few thousand rows.
 */
export const letterTallies = pgTable(
  "letter_tallies",
  {
    campaignId: integer("campaign_id").notNull(),
    span: tallySpan("span").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    ...cohortCounts(),
  },
  (t) => [
    unique("letter_tallies_key")
      .on(
        t.campaignId,
        t.span,
        t.startsAt,
        t.stateIso3,
        t.language,
        t.askId,
        t.targetKind,
        t.answeredAfter,
      )
      .nullsNotDistinct(),
  ],
);

/** Changes not folded yet, by the hour the letter was created. */
export const letterTallyChanges = pgTable("letter_tally_changes", {
  campaignId: integer("campaign_id").notNull(),
  hour: timestamp("hour", { withTimezone: true }).notNull(),
  ...cohortCounts(),
});

/** Steps counted on the hour they happened, for the dashboard's daily series. */
export const letterEvent = pgEnum("letter_event", [
  "started",
  "confirmed",
  "sent",
  "bounced",
  "replied",
]);

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

/**
 * Letters delivered (sent, not bounced) per UTC day of sending, by ask and
 * state: how many a state had received before its position changed.
 */
function deliveryColumns() {
  return {
    campaignId: integer("campaign_id").notNull(),
    askId: integer("ask_id").notNull(),
    stateIso3: text("state_iso3").notNull(),
    day: date("day").notNull(),
    n: integer("n").notNull().default(0),
  };
}

export const letterDeliveryTallies = pgTable("letter_delivery_tallies", deliveryColumns(), (t) => [
  unique("letter_delivery_tallies_key").on(t.campaignId, t.askId, t.stateIso3, t.day),
]);

/** Indexed, unlike the other change tables: the movement table looks them up per state. */
export const letterDeliveryChanges = pgTable("letter_delivery_changes", deliveryColumns(), (t) => [
  index("letter_delivery_changes_state").on(t.campaignId, t.askId, t.stateIso3, t.day),
]);

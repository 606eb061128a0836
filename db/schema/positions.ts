import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { asks } from "./campaigns";
import { states } from "./reference";
import { staffUsers } from "./staff";

/** A stance, or once a vote has happened the recorded vote ("abstain" serves both). */
export const positionValue = pgEnum("position_value", [
  "supports",
  "leaning_support",
  "undecided",
  "leaning_oppose",
  "opposes",
  "abstain",
  "no_information",
  "yes",
  "no",
  "absent",
]);
export const visibility = pgEnum("visibility", ["public", "internal"]);
export const confidence = pgEnum("confidence", ["low", "medium", "high"]);

/**
 * Append-only: each observation of a state's position on an ask. Corrections
 * add events; the current position is the latest by observed date, then id.
 */
export const positionEvents = pgTable(
  "position_events",
  {
    id: serial("id").primaryKey(),
    askId: integer("ask_id")
      .notNull()
      .references(() => asks.id, { onDelete: "cascade" }),
    stateIso3: text("state_iso3")
      .notNull()
      .references(() => states.iso3),
    position: positionValue("position").notNull(),
    observedOn: date("observed_on").notNull(),
    sourceUrl: text("source_url"),
    sourceTitle: text("source_title"),
    evidence: text("evidence"),
    confidence: confidence("confidence").notNull().default("medium"),
    /** Sensitive diplomatic information stays `internal`, the default. */
    visibility: visibility("visibility").notNull().default("internal"),
    recordedBy: integer("recorded_by").references(() => staffUsers.id, { onDelete: "set null" }),
    /**
     * The delegation response this observation comes from, when it does. No
     * foreign key in drizzle: responses.ts imports this file's enums.
     */
    responseId: integer("response_id"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("position_events_latest").on(t.askId, t.stateIso3, t.observedOn.desc(), t.id.desc()),
    index("position_events_state").on(t.stateIso3),
    check(
      "position_events_sourced",
      sql`${t.sourceUrl} is not null or ${t.sourceTitle} is not null or ${t.evidence} is not null`,
    ),
  ],
);

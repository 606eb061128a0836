import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { asks, campaigns } from "./campaigns";
import { letters } from "./letters";
import { visibility } from "./positions";
import { states } from "./reference";
import { staffUsers } from "./staff";

export const responseChannel = pgEnum("response_channel", [
  "email",
  "note_verbale",
  "letter",
  "meeting",
  "public_statement",
  "vote_explanation",
]);

/** What a state answered: logged by staff, or accepted from the review queue. */
export const delegationResponses = pgTable(
  "delegation_responses",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    stateIso3: text("state_iso3")
      .notNull()
      .references(() => states.iso3),
    channel: responseChannel("channel").notNull(),
    receivedOn: date("received_on").notNull(),
    /** The office or person who answered. */
    responder: text("responder"),
    summary: text("summary").notNull(),
    fullText: text("full_text"),
    visibility: visibility("visibility").notNull().default("internal"),
    /** The letter it answers, when it came back through a supporter or a reply address. */
    letterId: integer("letter_id").references(() => letters.id, { onDelete: "set null" }),
    recordedBy: integer("recorded_by").references(() => staffUsers.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("delegation_responses_campaign").on(t.campaignId, t.receivedOn),
    index("delegation_responses_state").on(t.stateIso3),
  ],
);

export const responseAsks = pgTable(
  "response_asks",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => delegationResponses.id, { onDelete: "cascade" }),
    askId: integer("ask_id")
      .notNull()
      .references(() => asks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.askId] })],
);

export const reportKind = pgEnum("report_kind", ["replied", "acknowledged", "no_reply"]);
export const reportSource = pgEnum("report_source", ["supporter", "email"]);
export const reviewStatus = pgEnum("review_status", ["pending", "accepted", "merged", "rejected"]);

/**
 * The review queue: what supporters say came back ("did your ministry reply?")
 * and replies caught by the reply address. No supporter data is copied here.
 */
export const replyReports = pgTable(
  "reply_reports",
  {
    id: serial("id").primaryKey(),
    letterId: integer("letter_id")
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    source: reportSource("source").notNull(),
    kind: reportKind("kind").notNull(),
    /** True for auto-replies and out-of-office messages. */
    automatic: boolean("automatic").notNull().default(false),
    subject: text("subject"),
    text: text("text"),
    /** Sender of an e-mailed reply (the ministry's address, not a supporter's). */
    fromAddress: text("from_address"),
    messageId: text("message_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    status: reviewStatus("status").notNull().default("pending"),
    responseId: integer("response_id").references(() => delegationResponses.id, {
      onDelete: "set null",
    }),
    reviewedBy: integer("reviewed_by").references(() => staffUsers.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [
    index("reply_reports_status").on(t.status, t.receivedAt),
    index("reply_reports_letter").on(t.letterId),
  ],
);

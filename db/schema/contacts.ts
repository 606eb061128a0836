import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { states } from "./reference";

/** Whom a letter addresses: the foreign ministry or a permanent mission to the UN. */
export const contactKind = pgEnum("contact_kind", ["ministry", "geneva", "new_york"]);

export const stateContacts = pgTable(
  "state_contacts",
  {
    id: serial("id").primaryKey(),
    stateIso3: text("state_iso3")
      .notNull()
      .references(() => states.iso3),
    kind: contactKind("kind").notNull(),
    name: text("name").notNull(),
    emails: text("emails").array().notNull().default(sql`'{}'`),
    postalAddress: text("postal_address"),
    /** The formal salutation per letter language, e.g. { en: "Excellency", fr: "Excellence" }. */
    salutations: jsonb("salutations").$type<Record<string, string>>().notNull().default({}),
    language: text("language").notNull().default("en"),
    /** IANA time zone of the office, for sending within office hours. */
    timeZone: text("time_zone"),
    verifiedBy: text("verified_by"),
    verifiedOn: date("verified_on"),
    /** Demo contacts use example.org addresses and are never real. */
    isDemo: boolean("is_demo").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("state_contacts_state_kind").on(t.stateIso3, t.kind)],
);

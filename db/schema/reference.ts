import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  unique,
} from "drizzle-orm/pg-core";

export const unStatus = pgEnum("un_status", ["member", "observer"]);
export const regionalGroup = pgEnum("regional_group", [
  "African",
  "Asia-Pacific",
  "Eastern European",
  "GRULAC",
  "WEOG",
]);

/** The 193 member states and the 2 observer states. */
export const states = pgTable("states", {
  iso3: text("iso3").primaryKey(),
  iso2: text("iso2").notNull().unique(),
  isoNumeric: text("iso_numeric").notNull(),
  name: text("name").notNull(),
  officialName: text("official_name"),
  /** Names in the six UN languages (ar, en, es, fr, ru, zh) where known. */
  names: jsonb("names").$type<Record<string, string>>().notNull(),
  unStatus: unStatus("un_status").notNull(),
  regionalGroup: regionalGroup("regional_group"),
});

export const bodyCode = pgEnum("body_code", ["hrc", "unsc", "unga"]);

export const bodies = pgTable("bodies", {
  code: bodyCode("code").primaryKey(),
  name: text("name").notNull(),
  /** Seats on the body; null for the General Assembly (every member). */
  seats: integer("seats"),
});

/**
 * A state's seat on a body for a term. Dates are inclusive; a null end means
 * open-ended (permanent members, General Assembly membership). A null start
 * means "since before the records we hold".
 */
export const bodyTerms = pgTable(
  "body_terms",
  {
    id: serial("id").primaryKey(),
    bodyCode: bodyCode("body_code").notNull(),
    stateIso3: text("state_iso3")
      .notNull()
      .references(() => states.iso3),
    startsOn: date("starts_on"),
    endsOn: date("ends_on"),
    permanent: boolean("permanent").notNull().default(false),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'`),
  },
  (t) => [
    // NULLS NOT DISTINCT: General Assembly terms have no start date and must not repeat.
    unique("body_terms_unique").on(t.bodyCode, t.stateIso3, t.startsOn).nullsNotDistinct(),
    index("body_terms_asof").on(t.bodyCode, t.startsOn, t.endsOn),
    check(
      "body_terms_dates",
      sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`,
    ),
  ],
);

/**
 * Rome Statute participation. `partySince` is the entry-into-force date when
 * the reference gives one (null: a party since before the records we hold);
 * `withdrawalEffective` is when a withdrawal took effect (art. 127: one year
 * after notification). Keyed by ISO3 without a foreign key: the Cook Islands
 * are a party but not a UN member or observer state.
 */
export const romeStatuteParties = pgTable("rome_statute_parties", {
  stateIso3: text("state_iso3").primaryKey(),
  name: text("name").notNull(),
  partySince: date("party_since"),
  withdrawalEffective: date("withdrawal_effective"),
  note: text("note"),
  sourceIds: text("source_ids").array().notNull().default(sql`'{}'`),
});

import type { contactKind } from "#db/schema/contacts";

/** The offices a state can be written to: the schema's enum (a type-only import keeps drizzle out of the browser). */
export type ContactKind = (typeof contactKind.enumValues)[number];

/** One wording per office, on every page, export and message; a Record, so a new kind cannot go unnamed. */
export const contactKindLabels: Record<ContactKind, string> = {
  ministry: "Foreign ministry",
  geneva: "UN mission in Geneva",
  new_york: "UN mission in New York",
};

export const contactKinds = Object.keys(contactKindLabels) as ContactKind[];

/** The offices a state can be written to; shared by pages, the CSV import and the API. */
export const contactKinds = ["ministry", "geneva", "new_york"] as const;
export type ContactKind = (typeof contactKinds)[number];

export const contactKindLabels: Record<ContactKind, string> = {
  ministry: "Foreign ministry",
  geneva: "UN mission in Geneva",
  new_york: "UN mission in New York",
};

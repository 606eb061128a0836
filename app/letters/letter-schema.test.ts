import { describe, expect, it } from "vitest";
import { editedLetterSchema, supporterLetterSchema } from "./letter-schema";

const valid = {
  ask: "hrc-special-session",
  country: "FRA",
  name: "Marie Curie",
  email: "marie@example.org",
  city: "Paris",
  personalParagraph: "My cousin was arrested in Tehran.",
  language: "fr",
  website: "",
};

describe("the supporter's letter form", () => {
  it("accepts a complete form and reads the consent box", () => {
    const parsed = supporterLetterSchema.parse({ ...valid, consentUpdates: "on" });
    expect(parsed).toMatchObject({ name: "Marie Curie", consentUpdates: true });
    expect(supporterLetterSchema.parse(valid).consentUpdates).toBe(false);
  });

  it("leaves the letter's language to the ministry unless one is chosen", () => {
    expect(supporterLetterSchema.parse({ ...valid, language: "" }).language).toBe("");
    expect(supporterLetterSchema.parse({ ...valid, language: undefined }).language).toBe("");
    expect(supporterLetterSchema.parse({ ...valid, language: "de" }).language).toBe("de");
  });

  it("keeps emoji and right-to-left names", () => {
    expect(supporterLetterSchema.parse({ ...valid, name: "مريم 🌿" }).name).toBe("مريم 🌿");
    expect(supporterLetterSchema.parse({ ...valid, name: "דוד" }).name).toBe("דוד");
  });

  it.each([
    [{ name: "" }, "name", /Enter your name/],
    [{ name: "Eve\r\nBcc: victim@example.org" }, "name", /one line/],
    [{ name: "x".repeat(100_000) }, "name", /at most 100/],
    [{ email: "not-an-email" }, "email", /e-mail address/],
    [{ email: "a@example.org\nBcc: b@example.org" }, "email", /one line/],
    [{ country: "Atlantis" }, "country", /country/],
    [{ personalParagraph: "See https://evil.example" }, "personalParagraph", /Links/],
    [{ personalParagraph: "<b>bold</b>" }, "personalParagraph", /HTML/],
    [{ personalParagraph: "x".repeat(100_000) }, "personalParagraph", /under 2000/],
    [{ language: "ja" }, "language", /language/],
    // Name and city reach e-mails from the organisation's domain: no links of any kind.
    [{ name: "Win a prize at https://evil.example" }, "name", /links/],
    [{ name: "Claim it: evil.example/prize" }, "name", /links/],
    [{ name: "Write to spy@evil.example" }, "name", /links/],
    [{ name: "www.evil" }, "name", /links/],
    [{ name: '<a href="x">Bob</a>' }, "name", /links/],
    [{ city: "see evil.example" }, "city", /links/],
    [{ city: "http://evil.example" }, "city", /links/],
    [{ website: "http://spam.example" }, "website", /empty/],
  ])("rejects %o with a message on %s", (change, field, message) => {
    const result = supporterLetterSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
  });

  it("caps the edited letter and refuses links in it", () => {
    expect(editedLetterSchema.safeParse({ body: "x".repeat(9000) }).success).toBe(false);
    expect(
      editedLetterSchema.safeParse({ body: `${"Excellency, ".repeat(10)} www.example.org` })
        .success,
    ).toBe(false);
    expect(editedLetterSchema.safeParse({ body: "Excellency, ".repeat(10) }).success).toBe(true);
  });
});

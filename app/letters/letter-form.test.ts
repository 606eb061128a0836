import { describe, expect, it } from "vitest";
import { boundedFormValues, countryFromAcceptLanguage, mailboxKey } from "./letter-form";

describe("the form's raw fields", () => {
  it("cuts each field to its limit, says which were too long and drops unknown fields", () => {
    const { values, errors } = boundedFormValues([
      ["name", "Ana"],
      ["personalParagraph", "x".repeat(10_000_000)],
      ["injected", "anything"],
    ]);
    expect(values).toEqual({ name: "Ana", personalParagraph: "x".repeat(2000) });
    expect(errors).toEqual({ personalParagraph: "Keep this under 2000 characters" });
  });
});

describe("the per-address limit's key", () => {
  it("counts plus-addresses and capitals as one mailbox", () => {
    expect(mailboxKey("Ana+1@Example.org")).toBe("ana@example.org");
    expect(mailboxKey("ana+x+y@example.org")).toBe("ana@example.org");
    expect(mailboxKey("ana@example.org")).toBe("ana@example.org");
  });
});

describe("defaults from the browser's languages", () => {
  it("suggests a country from a regional language tag, never from the IP", () => {
    expect(countryFromAcceptLanguage("fr-BE,fr;q=0.9,en;q=0.8")).toBe("BE");
    expect(countryFromAcceptLanguage("en")).toBeNull();
    expect(countryFromAcceptLanguage(null)).toBeNull();
  });
});

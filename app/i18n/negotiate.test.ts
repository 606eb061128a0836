import { describe, expect, it } from "vitest";
import { negotiateLanguage, requestedLanguages } from "./negotiate";

const none = { query: null, cookie: null, acceptLanguage: null };

describe("the page language", () => {
  it("is the ?lang choice first, then the cookie, then the browser's, then English", () => {
    expect(negotiateLanguage({ query: "fa", cookie: "fr", acceptLanguage: "zh-CN" })).toBe("fa");
    expect(negotiateLanguage({ query: null, cookie: "fr", acceptLanguage: "zh-CN" })).toBe("fr");
    expect(negotiateLanguage({ ...none, acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("zh");
    expect(negotiateLanguage(none)).toBe("en");
  });

  it("falls back to the campaign's own language before English", () => {
    expect(negotiateLanguage({ ...none, acceptLanguage: "de-DE,pt;q=0.5", fallback: "fr" })).toBe(
      "fr",
    );
    expect(negotiateLanguage({ ...none, fallback: "fa" })).toBe("fa");
    expect(negotiateLanguage({ ...none, acceptLanguage: "en-GB", fallback: "fr" })).toBe("en");
    expect(negotiateLanguage({ ...none, query: "ar", fallback: "fr" })).toBe("ar");
  });

  it("ignores a ?lang or cookie it does not offer", () => {
    expect(negotiateLanguage({ query: "de", cookie: "xx", acceptLanguage: "ru" })).toBe("ru");
  });

  it("honours the browser's order of preference and its regions", () => {
    expect(negotiateLanguage({ ...none, acceptLanguage: "de-DE,fa;q=0.8,en;q=0.5" })).toBe("fa");
    expect(negotiateLanguage({ ...none, acceptLanguage: "en;q=0.3,ar-EG;q=0.9" })).toBe("ar");
    expect(negotiateLanguage({ ...none, acceptLanguage: "es-419" })).toBe("es");
    expect(negotiateLanguage({ ...none, acceptLanguage: "fr-CA" })).toBe("fr");
  });

  it("falls back to English for languages it does not offer, `*` and junk", () => {
    expect(negotiateLanguage({ ...none, acceptLanguage: "de-DE,pt;q=0.5" })).toBe("en");
    expect(negotiateLanguage({ ...none, acceptLanguage: "*" })).toBe("en");
    expect(negotiateLanguage({ ...none, acceptLanguage: "¡¡, ;q=x, en-" })).toBe("en");
  });

  it("reads q-values and drops q=0", () => {
    expect(requestedLanguages("fr;q=0, ru;q=0.5, zh")).toEqual(["zh", "ru"]);
  });
});

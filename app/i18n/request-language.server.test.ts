import { describe, expect, it } from "vitest";
import { requestLanguage } from "./request-language.server";

function request(url: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${url}`, { headers });
}

describe("requestLanguage", () => {
  it("takes ?lang, then the cookie, then the browser's first language it speaks", () => {
    expect(requestLanguage(request("/c/x?lang=fa", { Cookie: "lang=ru" }))).toBe("fa");
    expect(requestLanguage(request("/c/x", { Cookie: "csrf=1; lang=ru" }))).toBe("ru");
    expect(requestLanguage(request("/c/x", { "Accept-Language": "de-DE,zh-CN;q=0.8" }))).toBe("zh");
  });

  it("ignores what it does not speak and falls back to English", () => {
    expect(requestLanguage(request("/c/x?lang=xx", { Cookie: "lang=de" }))).toBe("en");
    expect(requestLanguage(request("/c/x", { "Accept-Language": "ja" }))).toBe("en");
  });
});

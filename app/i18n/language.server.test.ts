import { describe, expect, it } from "vitest";
import { pageLanguageOf } from "./language.server";

const request = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { headers });

describe("the page language of a request", () => {
  it("remembers a ?lang choice in a plain year-long cookie, and only then", () => {
    const chosen = pageLanguageOf(request("/c/x?lang=fa"));
    expect(chosen).toMatchObject({ language: "fa", dir: "rtl" });
    expect(chosen.setCookie).toBe("lang=fa; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(pageLanguageOf(request("/c/x?lang=de")).setCookie).toBeNull();
    expect(pageLanguageOf(request("/c/x", { "Accept-Language": "ru" })).setCookie).toBeNull();
  });

  it("reads the cookie before the browser's languages", () => {
    const page = pageLanguageOf(
      request("/c/x", { Cookie: "csrf=a; lang=zh", "Accept-Language": "ar" }),
    );
    expect(page.language).toBe("zh");
  });

  it("sends only the page language's catalogue", () => {
    const page = pageLanguageOf(request("/?lang=ar"));
    expect(page.messages["home.title"]).toBe("اكتب إلى حكومتك");
  });

  it("gives a campaign's page in the campaign's language when the browser's is not offered", () => {
    const german = request("/c/x", { "Accept-Language": "de-DE" });
    expect(pageLanguageOf(german, "fr")).toMatchObject({ language: "fr", setCookie: null });
    expect(pageLanguageOf(german).language).toBe("en");
  });

  it("keeps staff pages in English whatever is asked", () => {
    expect(pageLanguageOf(request("/staff/campaigns/x"), "fa").language).toBe("en");
    const staff = pageLanguageOf(request("/staff/campaigns?lang=fa", { Cookie: "lang=ar" }));
    expect(staff).toMatchObject({ language: "en", dir: "ltr", setCookie: null });
  });
});

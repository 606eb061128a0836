import { describe, expect, it } from "vitest";
import { embedSettingsFormValues, embedSettingsSchema, normalOrigin } from "./embed-settings";

describe("normalOrigin", () => {
  it("keeps https origins and loopback http", () => {
    expect(normalOrigin("https://Example.org/")).toBe("https://example.org");
    expect(normalOrigin("https://example.org:8443")).toBe("https://example.org:8443");
    expect(normalOrigin("http://127.0.0.2:3000")).toBe("http://127.0.0.2:3000");
    expect(normalOrigin("http://localhost:8080")).toBe("http://localhost:8080");
  });
  it("refuses plain http, paths, credentials and other schemes", () => {
    for (const bad of [
      "http://example.org",
      "https://example.org/page",
      "https://user@example.org",
      "https://example.org?x=1",
      "javascript:alert(1)",
      "*",
      "example.org",
    ]) {
      expect(normalOrigin(bad), bad).toBeNull();
    }
  });
});

describe("embedSettingsSchema", () => {
  it("reads one origin and one source a line", () => {
    const parsed = embedSettingsSchema.parse({
      origins: "https://a.example\n\nhttps://b.example/\nhttps://a.example",
      sources: "amnesty-fr | Amnesty France | Send me news from Amnesty France\nhrw | HRW",
    });
    expect(parsed.origins).toEqual(["https://a.example", "https://b.example"]);
    expect(parsed.sources).toEqual([
      {
        code: "amnesty-fr",
        partnerName: "Amnesty France",
        consentText: "Send me news from Amnesty France",
      },
      { code: "hrw", partnerName: "HRW", consentText: null },
    ]);
    expect(embedSettingsFormValues(parsed)).toEqual({
      origins: "https://a.example\nhttps://b.example",
      sources: "amnesty-fr | Amnesty France | Send me news from Amnesty France\nhrw | HRW",
    });
  });
  it("names the line at fault", () => {
    const result = embedSettingsSchema.safeParse({
      origins: "https://a.example\nhttp://b.example",
      sources: "ok | Partner\nBad Code | Partner",
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(messages?.[0]).toMatch(/^origins: Line 2: /);
    expect(messages?.[1]).toMatch(/^sources: Line 2: the code "Bad Code"/);
  });
  it("caps origins at 20 and sources at 50", () => {
    const origins = Array.from({ length: 21 }, (_, i) => `https://s${i}.example`).join("\n");
    const sources = Array.from({ length: 51 }, (_, i) => `s${i} | P${i}`).join("\n");
    const result = embedSettingsSchema.safeParse({ origins, sources });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "At most 20 origins",
      "At most 50 sources",
    ]);
  });
  it("refuses a code without a partner name and duplicate codes", () => {
    expect(embedSettingsSchema.safeParse({ origins: "", sources: "abc" }).success).toBe(false);
    expect(embedSettingsSchema.safeParse({ origins: "", sources: "a | A\na | B" }).success).toBe(
      false,
    );
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Config, config, parseConfig, settleConfig } from "~/lib/env.server";
import { checkEmbedToken, embedToken, framingOrigin, isOwnFramePost } from "./embed-csrf.server";

const claims = { campaign: "c", origin: "https://partner.example", source: "p" };

describe("embed CSRF token", () => {
  // The key is the process's (as `npm start` settles it): each test settles its own.
  const withSecret = (secret: string): Config => ({ ...parseConfig({}), SESSION_SECRET: secret });
  let saved: Config;
  beforeEach(() => {
    saved = config();
    settleConfig(withSecret("a-test-secret-of-enough-length-0123456789"));
  });
  afterEach(() => {
    settleConfig(saved);
  });

  it("accepts its own token for 12 hours, for its campaign only", () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = embedToken(claims, issued);
    const later = new Date(issued.getTime() + 11.9 * 3600_000);
    expect(checkEmbedToken(token, "c", later)).toEqual({ ok: true, claims });
    expect(checkEmbedToken(token, "c", new Date(issued.getTime() + 12.1 * 3600_000))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(checkEmbedToken(token, "d", later)).toEqual({ ok: false, reason: "other campaign" });
  });

  it("refuses a missing, altered or foreign-keyed token", () => {
    const token = embedToken(claims);
    expect(checkEmbedToken(undefined, "c")).toEqual({ ok: false, reason: "missing" });
    const [payload, signature] = token.split(".");
    const altered = Buffer.from(
      Buffer.from(payload ?? "", "base64url")
        .toString()
        .replace('"p"', '"q"'),
    ).toString("base64url");
    expect(checkEmbedToken(`${altered}.${signature}`, "c")).toEqual({
      ok: false,
      reason: "forged",
    });
    settleConfig(withSecret("another-secret-of-enough-length-987654321"));
    expect(checkEmbedToken(token, "c")).toEqual({ ok: false, reason: "forged" });
  });
});

describe("isOwnFramePost", () => {
  const post = (headers: Record<string, string>) =>
    new Request("https://demarche.example/embed/c", { method: "POST", headers });
  it("takes the frame's own same-origin post", () => {
    expect(
      isOwnFramePost(post({ "Sec-Fetch-Site": "same-origin", Origin: "https://demarche.example" })),
    ).toBe(true);
    expect(isOwnFramePost(post({}))).toBe(true);
  });
  it("refuses a post from another site", () => {
    expect(isOwnFramePost(post({ "Sec-Fetch-Site": "cross-site" }))).toBe(false);
    expect(isOwnFramePost(post({ "Sec-Fetch-Site": "same-site" }))).toBe(false);
    expect(isOwnFramePost(post({ Origin: "https://evil.example" }))).toBe(false);
  });
});

describe("framingOrigin", () => {
  it("is the Referer's origin when allowed", () => {
    const get = (referer: string) =>
      new Request("https://demarche.example/embed/c", { headers: { Referer: referer } });
    expect(framingOrigin(get("https://partner.example/page?x"), ["https://partner.example"])).toBe(
      "https://partner.example",
    );
    expect(framingOrigin(get("https://other.example/"), ["https://partner.example"])).toBeNull();
  });
});

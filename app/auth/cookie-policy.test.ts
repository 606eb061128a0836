import { describe, expect, it } from "vitest";
import { cookiePolicy } from "./cookie-policy";

describe("cookiePolicy", () => {
  it("is Secure with the __Host- prefix exactly when APP_URL is https", () => {
    const https = cookiePolicy("https://act.example.org");
    expect(https.secure).toBe(true);
    expect(https.name("demarche_staff")).toBe("__Host-demarche_staff");
  });

  it("is not Secure over plain http, on localhost or a LAN address, or without APP_URL", () => {
    for (const url of [
      "http://localhost:3000",
      "http://192.168.1.20:3000",
      undefined,
      "nonsense",
    ]) {
      const policy = cookiePolicy(url);
      expect(policy.secure).toBe(false);
      expect(policy.name("demarche_staff")).toBe("__demarche_staff");
    }
  });
});

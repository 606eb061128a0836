import { describe, expect, it } from "vitest";
import { chooseMode } from "./mode";

describe("chooseMode", () => {
  it("is production unless remix dev runs the app", () => {
    expect(chooseMode({})).toEqual({ mode: "production", warning: null });
    expect(chooseMode({ NODE_ENV: "production" })).toEqual({ mode: "production", warning: null });
  });

  it("is development under `npm run dev`", () => {
    const env = { NODE_ENV: "development", REMIX_DEV_ORIGIN: "http://localhost:3001/" };
    expect(chooseMode(env)).toEqual({ mode: "development", warning: null });
  });

  it("ignores a NODE_ENV that asks for another mode, and says so", () => {
    const { mode, warning } = chooseMode({ NODE_ENV: "development" });
    expect(mode).toBe("production");
    expect(warning).toMatch(/NODE_ENV=development ignored.*npm run dev/);
    expect(chooseMode({ NODE_ENV: "test" }).warning).toMatch(/NODE_ENV=test ignored/);
  });
});

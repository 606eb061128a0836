import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { letterLanguages } from "~/letters/letter-form";
import { letterLanguageStaffNames } from "~/letters/letter-language";
import { languageOverview, templateReviewStatus } from "./template-review";

describe("templates' review status", () => {
  it("is listed in templates/README.md for every letter language", () => {
    const readme = readFileSync(path.join(process.cwd(), "templates", "README.md"), "utf8");
    for (const language of letterLanguages) {
      const row = `| ${letterLanguageStaffNames[language]} | \`${language}\` | ${templateReviewStatus[language]} |`;
      expect(readme).toContain(row);
    }
  });
});

describe("languageOverview", () => {
  it("shows per language whether it is offered and which version is in effect", () => {
    const rows = languageOverview(["en", "de", "fa"], {
      offered: ["en", "de"],
      targetKind: "ministry",
      versions: [
        { language: "de", targetKind: "ministry", askTitle: null, version: 2 },
        { language: "de", targetKind: "ministry", askTitle: null, version: 1 },
        { language: "de", targetKind: "ministry", askTitle: "Convene", version: 1 },
        { language: "de", targetKind: "geneva", askTitle: null, version: 5 },
        { language: "fa", targetKind: "geneva", askTitle: null, version: 1 },
      ],
    });
    expect(
      rows.map(({ language, offered, campaignVersion, askVersions }) => ({
        language,
        offered,
        campaignVersion,
        askVersions,
      })),
    ).toEqual([
      { language: "en", offered: true, campaignVersion: null, askVersions: 0 },
      { language: "de", offered: true, campaignVersion: 2, askVersions: 1 },
      { language: "fa", offered: false, campaignVersion: null, askVersions: 0 },
    ]);
    expect(rows[2]?.reviewStatus).toMatch(/needs review by a native speaker/);
  });
});

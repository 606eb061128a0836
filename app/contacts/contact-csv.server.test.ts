import { describe, expect, it } from "vitest";
import { stateResolverFromSeed } from "../states/state-resolver";
import {
  type ContactCsvResult,
  contactCellsSchema,
  formatContactCsv,
  maxContactCsvRows,
  parseContactCsv,
  parseContactList,
  splitEmails,
} from "./contact-csv.server";
import { type ContactFields, changedContactFields, mergeContact } from "./contact-rules";

const today = "2026-03-01";
const options = { resolveState: stateResolverFromSeed(), today };
const header = "state,kind,name,email,salutation,language,verified_on";

function csv(...lines: string[]): string {
  return lines.join("\n");
}

function parse(text: string): ContactCsvResult {
  return parseContactCsv(text, options);
}

/** Parses one data row under the full header and returns its errors. */
function rowErrors(row: string) {
  return parse(csv(header, row)).errors;
}

describe("parseContactCsv: a good file", () => {
  it("returns one row per line with resolved states", () => {
    const result = parse(
      csv(
        header,
        'FRA,ministry,Ministère de l\'Europe et des Affaires étrangères,a@example.org; b@example.org,"en: Excellency; fr: Excellence",fr,2026-02-01',
        "Germany,new york,Permanent Mission of Germany,ny@example.org,Excellency,,",
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        stateIso3: "FRA",
        stateName: "France",
        kind: "ministry",
        name: "Ministère de l'Europe et des Affaires étrangères",
        emails: ["a@example.org", "b@example.org"],
        salutations: { en: "Excellency", fr: "Excellence" },
        language: "fr",
        verifiedOn: "2026-02-01",
      },
      {
        line: 3,
        stateIso3: "DEU",
        stateName: "Germany",
        kind: "new_york",
        name: "Permanent Mission of Germany",
        emails: ["ny@example.org"],
        // Unlabelled salutations are in the row's language, English when blank.
        salutations: { en: "Excellency" },
        language: "en",
        verifiedOn: null,
      },
    ]);
  });

  it("leaves fields of absent columns undefined so the stored values stay", () => {
    const result = parse(csv("email,kind,STATE,Name", "x@example.org,geneva,BRA,Mission"));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toEqual({
      line: 2,
      stateIso3: "BRA",
      stateName: "Brazil",
      kind: "geneva",
      name: "Mission",
      emails: ["x@example.org"],
    });
  });

  it.each([
    ["a@example.org b@example.org", ["a@example.org", "b@example.org"]],
    ["a@example.org;b@example.org", ["a@example.org", "b@example.org"]],
    [" a@example.org ;\n b@example.org ", ["a@example.org", "b@example.org"]],
    ["a@example.org, b@example.org", ["a@example.org", "b@example.org"]],
  ])("splits e-mails %j", (text, emails) => {
    expect(splitEmails(text)).toEqual(emails);
  });

  it("reads the optional columns and canonical time zones", () => {
    const result = parse(
      csv(
        "state,kind,name,email,time_zone,postal_address,verified_by",
        'JPN,ministry,MOFA,m@example.org,asia/tokyo,"2-2-1 Example\nTokyo",Ana',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      timeZone: "Asia/Tokyo",
      postalAddress: "2-2-1 Example\nTokyo",
      verifiedBy: "Ana",
    });
  });
});

describe("parseContactCsv: file formats", () => {
  it("reads an Excel export: BOM, CRLF, semicolons and blank rows", () => {
    const text =
      "\uFEFFState;Kind;Name;Email;Salutation;Language;Verified_on\r\n" +
      'Türkiye;ministry;"Ministry; of Foreign Affairs";t@example.org;;en;\r\n' +
      ";;;;;;\r\n" +
      "\r\n" +
      "Viet Nam;geneva;Mission;v@example.org;;;2026-01-02\r\n";
    const result = parse(text);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.stateIso3, r.name])).toEqual([
      [2, "TUR", "Ministry; of Foreign Affairs"],
      [5, "VNM", "Mission"],
    ]);
  });

  it("keeps line numbers right after a quoted multi-line address", () => {
    const result = parse(
      csv(
        "state,kind,name,email,postal_address",
        'FRA,ministry,M,m@example.org,"37 Quai',
        'Paris",',
        "Atlantis,ministry,M,m@example.org,",
      ),
    );
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, column: "state" })]);
  });

  it("reports an unclosed quote on the line it opens", () => {
    const result = parse(
      csv(header, "FRA,ministry,M,m@example.org,,,", 'DEU,ministry,"M,x@y.org,,,'),
    );
    expect(result.rows.map((r) => r.stateIso3)).toEqual(["FRA"]);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/never closed/) }),
    ]);
  });
});

describe("parseContactCsv: header and file errors", () => {
  it("requires state, kind, name and email", () => {
    expect(parse(csv("state,name", "FRA,M")).errors).toEqual([
      { line: 1, column: "kind", message: 'Missing required column "kind".' },
      { line: 1, column: "email", message: 'Missing required column "email".' },
    ]);
  });

  it("rejects unknown and repeated columns", () => {
    expect(
      parse(csv(`${header},notes,Kind`, "FRA,ministry,M,m@example.org,,,,x,y")).errors,
    ).toEqual([
      expect.objectContaining({ line: 1, column: "notes" }),
      { line: 1, column: "kind", message: 'Column "kind" appears more than once.' },
    ]);
  });

  it("asks for a header when the first line is data", () => {
    expect(parse("FRA,ministry,M,m@example.org").errors).toEqual([
      {
        line: 1,
        message:
          "The first line must be a header naming the columns: state,kind,name,email,salutation,language,time_zone,postal_address,verified_by,verified_on.",
      },
    ]);
  });

  it.each(["", "\uFEFF", "\r\n  \r\n"])("reports an empty file %j", (text) => {
    expect(parse(text).errors[0]?.message).toMatch(/^The file is empty/);
  });

  it("reports a header without rows, binary data and oversized files", () => {
    expect(parse(`${header}\n`).errors[0]?.message).toBe("The file has a header but no data rows.");
    expect(parse("PK\u0003\u0004\u0000").errors[0]?.message).toMatch(/does not look like a CSV/);
    expect(parse(`${header}\n${"x".repeat(5 * 1024 * 1024)}`).errors[0]?.message).toMatch(
      /larger than 5 MB/,
    );
  });

  it("caps the number of rows", () => {
    const row = "FRA,ministry,M,m@example.org,,,";
    const result = parse([header, ...Array(maxContactCsvRows + 1).fill(row)].join("\n"));
    expect(result).toEqual({
      rows: [],
      errors: [
        { line: 1, message: "The file has more than 2000 rows; split it into smaller files." },
      ],
    });
  });

  it("never throws on random input", () => {
    const alphabet = ['"', ",", ";", "\t", "\n", "\r", "a", "@", "=", " ", "\uFEFF", "é", "\u0000"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 200; run += 1) {
      const body = Array.from(
        { length: Math.floor(random() * 60) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      const result = parse(run % 2 === 0 ? `${header}\n${body}` : body);
      expect(Array.isArray(result.errors)).toBe(true);
    }
  });
});

describe("parseContactCsv: row errors", () => {
  it.each([
    ["Atlantis,ministry,M,m@example.org,,,", "state", /^Unknown state "Atlantis"/],
    [",ministry,M,m@example.org,,,", "state", /^The state is required/],
    [
      "FRA,embassy,M,m@example.org,,,",
      "kind",
      /^The kind must be one of ministry, geneva, new_york/,
    ],
    ["FRA,ministry,,m@example.org,,,", "name", /^Give the office's name/],
    ["FRA,ministry,M,,,,", "email", /^Give at least one e-mail address/],
    ["FRA,ministry,M,not-an-address,,,", "email", /^"not-an-address" is not an e-mail address/],
    ["FRA,ministry,M,a@x.org;A@x.org,,,", "email", /appears twice/],
    ["FRA,ministry,M,a@x.org b@x.org c@x.org d@x.org e@x.org f@x.org,,,", "email", /at most 5/],
    ["FRA,ministry,M,m@example.org,en: Hi; en: Hello,,", "salutation", /"en" is given twice/],
    ["FRA,ministry,M,m@example.org,Hello; Hi,,", "salutation", /Prefix each salutation/],
    ["FRA,ministry,M,m@example.org,,french,", "language", /code like en/],
    ["FRA,ministry,M,m@example.org,,,2026-03-02", "verified_on", /future \(today is 2026-03-01\)/],
    ["FRA,ministry,M,m@example.org,,,01/02/2026", "verified_on", /date like 2026-01-23/],
    ["FRA,ministry,M,m@example.org,,,2026-02-30", "verified_on", /date like 2026-01-23/],
  ])("%s → %s error", (row, column, message) => {
    const errors = rowErrors(row);
    expect(errors).toEqual([{ line: 2, column, message: expect.stringMatching(message) }]);
  });

  it("refuses line breaks in the name: they would forge mail headers", () => {
    const errors = rowErrors('FRA,ministry,"Ministry\r\nBcc: victim@example.org",m@example.org,,,');
    expect(errors).toEqual([
      { line: 2, column: "name", message: expect.stringMatching(/one line of plain text/) },
    ]);
  });

  it("refuses an unknown time zone", () => {
    const result = parse(
      csv("state,kind,name,email,time_zone", "FRA,ministry,M,m@x.org,Mars/Base"),
    );
    expect(result.errors).toEqual([
      { line: 2, column: "time_zone", message: expect.stringMatching(/not a time zone/) },
    ]);
  });

  it.each(['=HYPERLINK("http://x")', "+33 1 00", "@SUM(A1)", "-cmd"])(
    "refuses a formula-looking cell %j",
    (name) => {
      const errors = rowErrors(`FRA,ministry,"${name.replace(/"/g, '""')}",m@example.org,,,`);
      expect(errors).toEqual([
        { line: 2, column: "name", message: expect.stringMatching(/spreadsheet formula/) },
      ]);
    },
  );

  it("flags a repeated state and kind, keeping the first", () => {
    const result = parse(
      csv(
        header,
        "FRA,ministry,A,a@x.org,,,",
        "DEU,ministry,B,b@x.org,,,",
        "France,ministry,C,c@x.org,,,",
      ),
    );
    expect(result.rows.map((r) => r.name)).toEqual(["A", "B"]);
    expect(result.errors).toEqual([
      {
        line: 4,
        column: "state",
        message: "Lines 2 and 4 both give a contact for France (Foreign ministry); keep one.",
      },
    ]);
  });

  it("reports every row's problems with their lines, sorted", () => {
    const result = parse(
      csv(
        header,
        "Atlantis,ministry,M,m@x.org,,,",
        "FRA,ministry,M,m@x.org,,,",
        "FRA,bad,M,bad,,,",
      ),
    );
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, "state"],
      [4, "kind"],
      [4, "email"],
    ]);
  });
});

describe("contactCellsSchema: the staff form", () => {
  it("refuses a formula typed into a field", () => {
    const parsed = contactCellsSchema(options).safeParse({
      state: "ZAF",
      kind: "geneva",
      name: "@SUM(A1)",
      email: "a@example.org",
    });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ["name"], message: expect.stringMatching(/formula/) }),
    ]);
  });

  it("reads one-per-line e-mails and salutations", () => {
    const parsed = contactCellsSchema(options).parse({
      state: "ZAF",
      kind: "geneva",
      name: "Permanent Mission",
      email: "a@example.org\nb@example.org",
      salutation: "en: Excellency\r\nfr: Excellence",
      language: "en",
      time_zone: "",
      postal_address: "",
      verified_by: "",
      verified_on: "",
    });
    expect(parsed).toMatchObject({
      stateIso3: "ZAF",
      emails: ["a@example.org", "b@example.org"],
      salutations: { en: "Excellency", fr: "Excellence" },
      timeZone: null,
      verifiedOn: null,
    });
  });
});

describe("parseContactList: the API's JSON items", () => {
  const item = { state: "KEN", kind: "geneva", name: "Mission", emails: ["g@example.org"] };

  it("keeps absent fields undefined and counts items from 1", () => {
    const result = parseContactList([item, { ...item, kind: "ministry", language: "en" }], options);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => [row.line, row.kind, row.language])).toEqual([
      [1, "geneva", undefined],
      [2, "ministry", "en"],
    ]);
  });

  it("names the item and field of each problem", () => {
    const result = parseContactList(
      [
        { ...item, emails: ["g@example.org", "+cmd@example.org"] },
        { ...item, salutations: { en: "=1+1" } },
        { ...item, kind: "ministry", email: "typo@example.org" },
        item,
        item,
      ],
      options,
    );
    expect(result.errors.map((error) => [error.line, error.column])).toEqual([
      [1, "emails"],
      [2, "salutations"],
      [3, undefined],
      [5, "state"],
    ]);
    expect(result.errors[3]?.message).toBe(
      "Items 4 and 5 both give a contact for Kenya (UN mission in Geneva); keep one.",
    );
  });
});

const stored: ContactFields = {
  stateIso3: "FRA",
  kind: "ministry",
  name: "Ministry",
  emails: ["m@example.org"],
  salutations: { fr: "Excellence", en: "Excellency" },
  language: "fr",
  timeZone: "Europe/Paris",
  postalAddress: "Paris",
  verifiedBy: "Ana",
  verifiedOn: "2026-01-10",
};
const base = { stateIso3: "FRA", stateName: "France", kind: "ministry" as const };

describe("mergeContact", () => {
  it("keeps stored values for absent columns and clears on null", () => {
    const merged = mergeContact(
      stored,
      { ...base, name: "Ministry", emails: ["n@example.org"], postalAddress: null },
      "importer@example.org",
    );
    expect(merged).toEqual({ ...stored, emails: ["n@example.org"], postalAddress: null });
    expect(changedContactFields(stored, merged)).toEqual(["emails", "postalAddress"]);
  });

  it("credits the importer with a new verification date, not with an unchanged one", () => {
    const row = { ...base, name: "Ministry", emails: ["m@example.org"] };
    expect(mergeContact(stored, { ...row, verifiedOn: "2026-02-01" }, "me").verifiedBy).toBe("me");
    expect(mergeContact(stored, { ...row, verifiedOn: "2026-01-10" }, "me").verifiedBy).toBe("Ana");
    expect(mergeContact(stored, { ...row, verifiedOn: null }, "me").verifiedBy).toBeNull();
    expect(mergeContact(null, row, "me")).toMatchObject({ language: "en", verifiedBy: null });
  });

  it("ignores the order of salutation keys when comparing", () => {
    const reordered = { ...stored, salutations: { en: "Excellency", fr: "Excellence" } };
    expect(changedContactFields(stored, reordered)).toEqual([]);
  });
});

describe("formatContactCsv", () => {
  it("round-trips through the parser", () => {
    const contacts: ContactFields[] = [
      stored,
      {
        ...stored,
        kind: "geneva",
        name: "Mission, Geneva",
        emails: ["a@example.org", "b@example.org"],
        postalAddress: "Line 1\nLine 2",
        timeZone: null,
        verifiedBy: null,
        verifiedOn: null,
      },
    ];
    const text = formatContactCsv(contacts);
    expect(text.startsWith("\uFEFFstate,kind,name,email,")).toBe(true);
    const result = parse(text);
    expect(result.errors).toEqual([]);
    const merged = result.rows.map((row, i) => mergeContact(contacts[i] ?? null, row, "me"));
    expect(merged).toEqual(contacts);
  });

  it("neutralises formula-looking cells with a leading quote", () => {
    const text = formatContactCsv([{ ...stored, name: "=HYPERLINK(1)", postalAddress: "-5 Rue" }]);
    expect(text).toContain("'=HYPERLINK(1)");
    expect(text).toContain(",-5 Rue,");
  });
});

import { describe, expect, it } from "vitest";
import { stateResolverFromSeed } from "../states/state-resolver";
import {
  maxEvidenceChars,
  maxPositionCsvRows,
  type PositionCsvResult,
  parsePositionCsv,
} from "./position-csv.server";

const today = "2026-03-01";
const options = { resolveState: stateResolverFromSeed(), today };
const header = "state,stance,observed_on,source_url,evidence,visibility";

/** Joins lines with "\n" so each test reads like the spreadsheet it stands for. */
function csv(...lines: string[]): string {
  return lines.join("\n");
}

function parse(text: string): PositionCsvResult {
  return parsePositionCsv(text, options);
}

/** Parses one data row under the full header and returns its errors. */
function rowErrors(row: string) {
  return parse(csv(header, row)).errors;
}

describe("parsePositionCsv: a good file", () => {
  it("returns one row per line with resolved states and defaults", () => {
    const result = parse(
      csv(
        header,
        "FRA,supports,2026-01-23,https://example.org/fr,Statement at HRC 61,public",
        "de,Leaning support,2026-01-24,,Told us in a meeting,",
        "Brazil,undecided,2026-02-01,http://example.org/br,,internal",
        "",
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        iso3: "FRA",
        stateName: "France",
        position: "supports",
        observedOn: "2026-01-23",
        sourceUrl: "https://example.org/fr",
        evidence: "Statement at HRC 61",
        visibility: "public",
      },
      {
        line: 3,
        iso3: "DEU",
        stateName: "Germany",
        position: "leaning_support",
        observedOn: "2026-01-24",
        sourceUrl: null,
        evidence: "Told us in a meeting",
        visibility: "internal",
      },
      {
        line: 4,
        iso3: "BRA",
        stateName: "Brazil",
        position: "undecided",
        observedOn: "2026-02-01",
        sourceUrl: "http://example.org/br",
        evidence: null,
        visibility: "internal",
      },
    ]);
  });

  it("accepts headers in any case and order, and without optional columns", () => {
    const result = parse(
      csv("Observed On,STANCE,Evidence,State", "2026-01-23,opposes,Said so,FRA"),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      iso3: "FRA",
      position: "opposes",
      observedOn: "2026-01-23",
      sourceUrl: null,
      visibility: "internal",
    });
  });

  it("accepts today as observed_on and trims cells", () => {
    const result = parse(
      csv(header, `  FRA , supports , ${today} , https://example.org ,  x  , PUBLIC `),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      observedOn: today,
      sourceUrl: "https://example.org",
      evidence: "x",
      visibility: "public",
    });
  });

  it.each([
    ["supports", "supports"],
    ["Leaning support", "leaning_support"],
    ["leaning-oppose", "leaning_oppose"],
    ["OPPOSES", "opposes"],
    ["No information", "no_information"],
    ["no_information", "no_information"],
    ["Abstain", "abstain"],
  ])("reads stance %j as %s", (stance, position) => {
    expect(parse(csv(header, `FRA,${stance},2026-01-01,,x,`)).rows[0]?.position).toBe(position);
  });

  it.each([
    ["yes", "yes"],
    ["No", "no"],
    ["ABSTAIN", "abstain"],
    ["absent", "absent"],
    ["Voted yes", "yes"],
    ["voted no", "no"],
  ])("reads recorded vote %j as %s", (vote, position) => {
    expect(parse(csv(header, `FRA,${vote},2026-01-01,,UN record,public`)).rows[0]?.position).toBe(
      position,
    );
  });

  it.each([
    ["Türkiye", "TUR"],
    ["Turkey", "TUR"],
    ["Ivory Coast", "CIV"],
    ["Côte d'Ivoire", "CIV"],
    ["DPRK", "PRK"],
    ["Viet Nam", "VNM"],
    ['"Iran (Islamic Republic of)"', "IRN"],
    ['"Korea, Republic of"', "KOR"],
  ])("resolves state %s to %s", (state, iso3) => {
    const result = parse(csv(header, `${state},supports,2026-01-01,,x,`));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]?.iso3).toBe(iso3);
  });
});

describe("parsePositionCsv: file formats", () => {
  it("reads an Excel export: BOM, CRLF, semicolons and commas inside fields", () => {
    const text =
      "\uFEFFState;Stance;Observed_on;Source_url;Evidence;Visibility\r\n" +
      "Türkiye;supports;2026-01-23;;Minister, in Geneva, said yes;\r\n" +
      'Viet Nam;opposes;2026-01-24;https://example.org/vn;"Quoted; with semicolon";public\r\n' +
      ";;;;;\r\n" +
      "\r\n";
    const result = parse(text);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.iso3, r.evidence])).toEqual([
      [2, "TUR", "Minister, in Geneva, said yes"],
      [3, "VNM", "Quoted; with semicolon"],
    ]);
  });

  it("reads tab-separated files", () => {
    const result = parse(
      csv("state\tstance\tobserved_on\tevidence", "FRA\tyes\t2026-01-01\ta, b; c"),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]?.evidence).toBe("a, b; c");
  });

  it("skips empty and blank lines without shifting line numbers", () => {
    const result = parse(
      csv(header, "", "FRA,yes,2026-01-01,,x,", ",,,,,", "", "", "DEU,bad,2026-01-01,,x,", "", ""),
    );
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.errors).toEqual([expect.objectContaining({ line: 7, column: "stance" })]);
  });

  it("keeps line numbers right after quoted multi-line evidence", () => {
    const result = parse(
      csv(
        header,
        'FRA,supports,2026-01-01,,"First line',
        "second line",
        'third line",public',
        "Atlantis,supports,2026-01-01,,x,",
        'DEU,opposes,2026-01-01,,"one',
        'two",',
        "ITA,nope,2026-01-01,,x,",
      ),
    );
    expect(result.rows.map((r) => [r.line, r.iso3])).toEqual([
      [2, "FRA"],
      [6, "DEU"],
    ]);
    expect(result.rows[0]?.evidence).toBe("First line\nsecond line\nthird line");
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [5, "state"],
      [8, "stance"],
    ]);
  });

  it("keeps line numbers right with CRLF inside quoted fields", () => {
    const text = `${header}\r\nFRA,yes,2026-01-01,,"a\r\nb",\r\nAtlantis,yes,2026-01-01,,x,\r\n`;
    const result = parse(text);
    expect(result.rows[0]?.evidence).toBe("a\nb");
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, column: "state" })]);
  });
});

describe("parsePositionCsv: header errors", () => {
  it("rejects extra columns by name", () => {
    const result = parse(csv(`${header},notes`, "FRA,yes,2026-01-01,,x,,hello"));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 1,
        column: "notes",
        message:
          'Unknown column "notes"; the allowed columns are state,stance,observed_on,source_url,evidence,visibility.',
      },
    ]);
  });

  it("reports missing required columns", () => {
    const result = parse(csv("state,evidence", "FRA,x"));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      { line: 1, column: "stance", message: 'Missing required column "stance".' },
      { line: 1, column: "observed_on", message: 'Missing required column "observed_on".' },
    ]);
  });

  it("needs a source_url or evidence column", () => {
    expect(parse(csv("state,stance,observed_on", "FRA,yes,2026-01-01")).errors).toEqual([
      {
        line: 1,
        message: 'The header needs a "source_url" or an "evidence" column (or both).',
      },
    ]);
  });

  it("reports duplicate columns", () => {
    expect(parse(csv(`${header},State`, "FRA,yes,2026-01-01,,x,,FRA")).errors).toEqual([
      { line: 1, column: "state", message: 'Column "state" appears more than once.' },
    ]);
  });

  it("ignores blank header cells but not values under them", () => {
    const result = parse(
      csv(`${header},,`, "FRA,yes,2026-01-01,,x,,,", "DEU,yes,2026-01-01,,x,,oops,"),
    );
    expect(result.rows.map((r) => r.iso3)).toEqual(["FRA"]);
    expect(result.errors).toEqual([
      {
        line: 3,
        message:
          'Value "oops" is in column 7, which has no header; quote fields that contain the delimiter.',
      },
    ]);
  });

  it("reports a header-only file as having no rows", () => {
    expect(parse(`${header}\n\n`)).toEqual({
      rows: [],
      errors: [{ line: 1, message: "The file has a header but no data rows." }],
    });
  });
});

describe("parsePositionCsv: whole-file errors", () => {
  it.each(["", "   \n\n", "\uFEFF", "\r\n"])("reports an empty file %j", (text) => {
    const result = parse(text);
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/^The file is empty/);
  });

  it.each([
    ["plain text", "Dear colleagues,\nplease find attached our positions."],
    ["JSON", '{"positions": [{"state": "FRA"}]}'],
    ["a data row with no header", "FRA,supports,2026-01-01,,x,public"],
  ])("reports %s as missing a header", (_kind, text) => {
    expect(parse(text)).toEqual({
      rows: [],
      errors: [
        {
          line: 1,
          message:
            "The first line must be a header naming the columns: state,stance,observed_on,source_url,evidence,visibility.",
        },
      ],
    });
  });

  it("finds the header after leading blank lines", () => {
    const result = parse(csv("", "", "state;stance;observed_on;evidence", "FRA;yes;2026-01-01;x"));
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([expect.objectContaining({ line: 4, iso3: "FRA" })]);
  });

  it("reports binary data", () => {
    const result = parse("PK\u0003\u0004\u0000\u0000binary xlsx");
    expect(result.rows).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/does not look like a CSV/);
  });

  it("reports an unclosed quote on the line it opens, keeping earlier rows", () => {
    const result = parse(
      csv(
        header,
        "FRA,yes,2026-01-01,,x,",
        ",,,,,",
        'DEU,yes,2026-01-01,,"oops,',
        "ITA,yes,2026-01-01,,x,",
      ),
    );
    expect(result.rows.map((r) => r.iso3)).toEqual(["FRA"]);
    expect(result.errors).toEqual([
      {
        line: 4,
        message: `A quoted field opened on line 4 is never closed, so the rest of the file was swallowed: check for a missing '"'.`,
      },
    ]);
  });

  it("caps the file at 5 MB", () => {
    const text = `${header}\n${"x".repeat(5 * 1024 * 1024)}`;
    expect(parse(text)).toEqual({
      rows: [],
      errors: [{ line: 1, message: "The file is larger than 5 MB; split it into smaller files." }],
    });
  });

  it("caps the file at 20 000 rows", () => {
    const row = "FRA,yes,2026-01-01,,x,";
    const atCap = parse([header, ...Array(maxPositionCsvRows).fill(row)].join("\n"));
    expect(atCap.errors[0]?.message).not.toMatch(/more than/);
    const overCap = parse([header, ...Array(maxPositionCsvRows + 1).fill(row)].join("\n"));
    expect(overCap).toEqual({
      rows: [],
      errors: [
        { line: 1, message: "The file has more than 20000 rows; split it into smaller files." },
      ],
    });
  });

  it("never throws on random input", () => {
    const alphabet = ['"', ",", ";", "\t", "\n", "\r", "a", "1", "-", " ", "\uFEFF", "é", "\u0000"];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 300; run += 1) {
      const length = Math.floor(random() * 80);
      const body = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      const text = run % 2 === 0 ? `${header}\n${body}` : body;
      const result = parse(text);
      expect(Array.isArray(result.rows) && Array.isArray(result.errors), JSON.stringify(text)).toBe(
        true,
      );
    }
  });
});

describe("parsePositionCsv: row errors", () => {
  it.each([
    [
      "Atlantis,yes,2026-01-01,,x,",
      "state",
      'Unknown state "Atlantis"; use an ISO3 code like FRA or the English name',
    ],
    [",yes,2026-01-01,,x,", "state", "state is required"],
    [
      "FRA,maybe,2026-01-01,,x,",
      "stance",
      'Unknown stance "maybe"; use one of supports, leaning_support, undecided, leaning_oppose, opposes, abstain, no_information, yes, no, absent',
    ],
    ["FRA,,2026-01-01,,x,", "stance", "stance is required"],
    ["FRA,yes,23/01/2026,,x,", "observed_on", "observed_on must be a date like 2026-01-23"],
    ["FRA,yes,2026-1-3,,x,", "observed_on", "observed_on must be a date like 2026-01-23"],
    ["FRA,yes,2026-02-30,,x,", "observed_on", "observed_on must be a date like 2026-01-23"],
    ["FRA,yes,2026-13-01,,x,", "observed_on", "observed_on must be a date like 2026-01-23"],
    ["FRA,yes,,,x,", "observed_on", "observed_on is required"],
    [
      "FRA,yes,2026-03-02,,x,",
      "observed_on",
      "observed_on cannot be in the future (today is 2026-03-01)",
    ],
    [
      "FRA,yes,2026-01-01,ftp://example.org/x,,",
      "source_url",
      "source_url must be a web address starting with http:// or https://",
    ],
    [
      "FRA,yes,2026-01-01,javascript:alert(1),,",
      "source_url",
      "source_url must be a web address starting with http:// or https://",
    ],
    [
      "FRA,yes,2026-01-01,www.example.org,,",
      "source_url",
      "source_url must be a web address starting with http:// or https://",
    ],
    [
      "FRA,yes,2026-01-01,https://exa mple.org,,",
      "source_url",
      "source_url must be a web address starting with http:// or https://",
    ],
    [
      "FRA,yes,2026-01-01,,x,secret",
      "visibility",
      'visibility must be "public" or "internal" (empty means internal)',
    ],
  ])("%s -> %s error", (row, column, message) => {
    expect(rowErrors(row)).toEqual([{ line: 2, column, message }]);
  });

  it("requires a source_url or evidence on each row", () => {
    expect(rowErrors("FRA,yes,2026-01-01,,,public")).toEqual([
      { line: 2, message: "Each row needs a source_url or some evidence" },
    ]);
    expect(rowErrors("FRA,yes,2026-01-01,, \u0007 ,")).toEqual([
      { line: 2, message: "Each row needs a source_url or some evidence" },
    ]);
  });

  it("reports every problem of a row at once", () => {
    expect(rowErrors("Atlantis,maybe,tomorrow,,,").map((e) => e.column)).toEqual([
      "state",
      "stance",
      "observed_on",
      undefined,
    ]);
  });

  it("limits evidence to 2000 characters, counting characters not bytes", () => {
    const atLimit = "é".repeat(maxEvidenceChars);
    expect(rowErrors(`FRA,yes,2026-01-01,,${atLimit},`)).toEqual([]);
    expect(rowErrors(`FRA,yes,2026-01-01,,${atLimit}x,`)).toEqual([
      { line: 2, column: "evidence", message: "evidence must be at most 2000 characters" },
    ]);
  });

  it("strips control characters from evidence but keeps line breaks and tabs", () => {
    const result = parse(csv(header, 'FRA,yes,2026-01-01,,"a\u0007b\u001b[31m\tc\nd\u0085",'));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]?.evidence).toBe("ab[31m\tc\nd");
  });

  it("rejects two rows for the same state and date, naming both lines", () => {
    const result = parse(
      csv(
        header,
        "FRA,supports,2026-01-01,,x,",
        "DEU,supports,2026-01-01,,x,",
        "FRA,supports,2026-01-02,,x,",
        "France,opposes,2026-01-01,,y,",
      ),
    );
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(result.errors).toEqual([
      {
        line: 5,
        column: "state",
        message: "Lines 2 and 5 both give a position for France observed on 2026-01-01; keep one.",
      },
    ]);
  });

  it("returns valid rows alongside the errors, sorted by line", () => {
    const result = parse(
      csv(
        header,
        "FRA,yes,2026-01-01,,x,",
        "Atlantis,yes,2026-01-01,,x,",
        "DEU,yes,2026-01-01,,x,",
        "ITA,yes,2099-01-01,,x,",
      ),
    );
    expect(result.rows.map((r) => r.iso3)).toEqual(["FRA", "DEU"]);
    expect(result.errors.map((e) => e.line)).toEqual([3, 5]);
  });
});

describe("formula injection", () => {
  const header = "state,stance,observed_on,source_url,evidence,visibility";
  const parse = (row: string) =>
    parsePositionCsv(`${header}\n${row}\n`, {
      resolveState: (s) => (s === "FRA" ? { iso3: "FRA", iso2: "FR", name: "France" } : null),
      today: "2026-11-26",
    });

  it.each([
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd",
  ])("refuses a cell starting like a formula: %s", (cell) => {
    const result = parse(`FRA,supports,2026-01-20,,"${cell.replaceAll('"', '""')}",public`);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: "evidence",
        message: expect.stringMatching(/formula/),
      }),
    ]);
  });

  it("keeps ordinary text that merely contains those characters, and negative-looking prose", () => {
    const result = parse('FRA,supports,2026-01-20,,"Said: ""= support"" - in plenary",public');
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });
});

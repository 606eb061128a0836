import { describe, expect, it } from "vitest";
import { detectDelimiter, readCsvTable, sortCsvErrors, truncate } from "./csv-records.server";

describe("detectDelimiter", () => {
  it.each([
    ["state,stance,observed_on", ","],
    ["state;stance;observed_on", ";"],
    ["state\tstance\tobserved_on", "\t"],
    ['"a;b",c', ","],
    ["state", ","],
  ])("detects the delimiter of %j", (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});

describe("readCsvTable", () => {
  const options = {
    columns: ["name", "note"] as const,
    required: ["name"] as const,
    maxBytes: 1024,
    maxRows: 3,
  };

  it("reads the header and records with the line each record starts on", () => {
    const table = readCsvTable('\uFEFFName;Note\r\n\r\na;"two\nlines"\r\nb;x\r\n', options);
    expect(table).toEqual({
      ok: true,
      columns: ["name", "note"],
      records: [
        { line: 3, cells: ["a", "two\nlines"] },
        { line: 5, cells: ["b", "x"] },
      ],
      errors: [],
    });
  });

  it("refuses a file without data rows or with too many", () => {
    expect(readCsvTable("name,note\n", options)).toEqual({
      ok: false,
      errors: [{ line: 1, message: "The file has a header but no data rows." }],
    });
    expect(readCsvTable("name\na\nb\nc\nd\n", options)).toEqual({
      ok: false,
      errors: [{ line: 1, message: "The file has more than 3 rows; split it into smaller files." }],
    });
  });

  it("names a missing required column and lets a header rule add its own", () => {
    const table = readCsvTable("note\nx\n", { ...options, checkHeader: () => ["Needs more."] });
    expect(table).toEqual({
      ok: false,
      errors: [
        { line: 1, column: "name", message: 'Missing required column "name".' },
        { line: 1, message: "Needs more." },
      ],
    });
  });
});

describe("sortCsvErrors", () => {
  it("orders by line, then column, with row-wide errors last", () => {
    const errors = [
      { line: 2, message: "row" },
      { line: 2, column: "note", message: "note" },
      { line: 1, column: "note", message: "first" },
      { line: 2, column: "name", message: "name" },
    ];
    expect(sortCsvErrors(errors, ["name", "note"]).map((e) => e.message)).toEqual([
      "first",
      "name",
      "note",
      "row",
    ]);
  });
});

describe("truncate", () => {
  it("keeps short text and ends long text with an ellipsis", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcd", 3)).toBe("ab…");
  });
});

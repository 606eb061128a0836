import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvLines, neutraliseFormula } from "./csv-encoder";

/** What the exports wrote before this encoder: every cell neutralised, then `csv-stringify`. */
function reference(records: unknown[][]): string {
  const cell = (value: unknown) =>
    value == null
      ? ""
      : /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(String(value))
        ? `'${String(value)}`
        : String(value);
  return stringify(records.map((record) => record.map(cell)));
}

/** A small deterministic generator (mulberry32): the same cases on every run. */
function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("neutraliseFormula", () => {
  it("prefixes what a spreadsheet would run, and only that", () => {
    for (const value of [
      "=1+1",
      "+1",
      "-1",
      "@SUM(A1)",
      "\tx",
      "\rx",
      "＝1",
      "＋1",
      "－1",
      "＠x",
    ]) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
    for (const value of ["", "Lyon", "2026-03-01", "a=b", " =1", "'=1", "é"]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });
});

describe("csvCell", () => {
  it("quotes only cells with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(-3)).toBe("'-3");
    expect(csvCell(12n)).toBe("12");
  });
});

describe("csvLines", () => {
  it("writes the same bytes as the csv-stringify export did, on awkward cells", () => {
    const records = [
      ["", "a", "a,b", 'q"q', '"', ",", "x\ny", "x\r\ny", "\r", "\n"],
      ["=1+1", "-1", -1, 0, 1.5, 12345678901234567890n, null, undefined, true, false],
      ["＝1", "\tx", "'already", "é à ü", "emoji 😀", " lead", "trail ", "@me", "+33 1", "=a,b"],
      [""],
      [],
    ];
    expect(csvLines(records)).toBe(reference(records));
  });

  it("matches the reference on generated records", () => {
    const random = randomSource(6);
    const alphabet = [
      "a",
      "Z",
      "0",
      " ",
      ",",
      '"',
      "\n",
      "\r",
      "\t",
      "=",
      "+",
      "-",
      "@",
      "'",
      "é",
      "＝",
      "😀",
    ];
    const cell = () => {
      if (random() < 0.1) return null;
      if (random() < 0.1) return Math.round((random() - 0.5) * 1e6) / 100;
      const length = Math.floor(random() * 6);
      return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
        "",
      );
    };
    const records = Array.from({ length: 2000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, cell),
    );
    expect(csvLines(records)).toBe(reference(records));
  });
});

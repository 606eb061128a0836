/**
 * The CSV our exports write, a cell at a time and fast enough for millions of rows: the same
 * bytes as `csv-stringify` with its defaults (`,`, `\n` after every record, a cell quoted only
 * when it holds `,`, `"`, `\n` or `\r`, quotes doubled, null and undefined empty), plus formula
 * neutralisation of every cell.
 */

/**
 * A cell a spreadsheet would run as a formula (= + - @, a tab or a carriage return, or their
 * full-width forms) gets a leading apostrophe: shown, never run. A check of the first character,
 * because it runs on every cell of every row.
 */
export function neutraliseFormula(value: string): string {
  switch (value.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // carriage return
    case 0xff1d: // ＝
    case 0xff0b: // ＋
    case 0xff0d: // －
    case 0xff20: // ＠
      return `'${value}`;
    default:
      return value;
  }
}

const needsQuotes = /[",\n\r]/;

/** One cell: any value as its text (numbers too: `-1` is neutralised), quoted if need be. */
export function csvCell(value: unknown): string {
  if (value == null) return "";
  const text = neutraliseFormula(typeof value === "string" ? value : String(value));
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records as lines, each ended by `\n`, in one string to write at once. */
export function csvLines(records: Iterable<readonly unknown[]>): string {
  let lines = "";
  for (const record of records) {
    for (let i = 0; i < record.length; i++) {
      if (i > 0) lines += ",";
      lines += csvCell(record[i]);
    }
    lines += "\n";
  }
  return lines;
}

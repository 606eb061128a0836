/**
 * What makes text clean enough to send: no control or bidi-override characters,
 * LF line ends, no trailing or double spaces, at most one blank line in a row.
 * The checks (isCleanLine, isCleanParagraph) let callers skip a cleaning that
 * would change nothing, which is what most supporter text and templates need.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it removes
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Embeddings, overrides and isolates can make text display differently from what it says.
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/g;
const needsCleaning =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it detects
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

// Also matches tabs, newlines and double spaces: anything singleLine would change.
const notSingleLine =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it detects
  /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]| {2}/;

// Inside the text, anything paragraphs may change: an unsafe character, a
// trailing space, a double space (indentation too, which tidying keeps: such
// text is merely tidied again), a second blank line.
const notCleanParagraph =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it detects
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[ \t]\n| {2}|\n{3}/;

function stripUnsafeCharacters(text: string): string {
  if (!needsCleaning.test(text)) return text;
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(bidiControls, "")
    .replace(controlCharacters, "");
}

/**
 * Cleans text a supporter typed (name, city, personal paragraph): NFC, LF line
 * ends, no control or bidi-override characters (keeps \n, \t and right-to-left
 * letters), at most one blank line in a row, trimmed, cut to maxLength code points.
 */
export function sanitiseSupporterText(text: string, maxLength: number): string {
  const cleaned = tidyText(stripUnsafeCharacters(text.normalize("NFC")));
  if (cleaned.length <= maxLength) return cleaned;
  // Cut by code points, so an emoji is never split into half a surrogate pair.
  return Array.from(cleaned).slice(0, maxLength).join("").trimEnd();
}

// Each pattern stops scanning at the next character that could start a match
// again ("<", "[", "("), so no run of input is read more than a few times.
const linkOrHtml = [
  /\b(?:https?|ftp):\/\//i,
  /\bwww\.[^\s.]/i,
  /\b(?:mailto|javascript):/i,
  /<\s*(?:\/\s*)?[a-z!][^<>]*>/i,
  /\[[^[\]\n]*\]\([^()\n]*\)/,
];

/** Letters carry no links or markup: they read as spam and could smuggle content. */
export function containsLinkOrHtml(text: string): boolean {
  return linkOrHtml.some((pattern) => pattern.test(text));
}

/** True when singleLine would return the text unchanged. */
export function isCleanLine(text: string): boolean {
  return !notSingleLine.test(text) && text.trim() === text;
}

/** True when paragraphs (and so tidyText) would return the text unchanged. */
export function isCleanParagraph(text: string): boolean {
  return !notCleanParagraph.test(text) && text.trim() === text;
}

/** One line: line breaks and runs of spaces become one space. */
export function singleLine(text: string): string {
  if (!notSingleLine.test(text)) return text.trim();
  return stripUnsafeCharacters(text)
    .replace(/[\t\n]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** Paragraphs: line breaks kept, unsafe characters removed, tidied. */
export function paragraphs(text: string): string {
  if (isCleanParagraph(text)) return text;
  return tidyText(stripUnsafeCharacters(text));
}

/** No trailing spaces, no double spaces inside a line, at most one blank line in a row. */
export function tidyText(text: string): string {
  return tidyLines(text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text).trim();
}

/**
 * tidyText without the trim, for a piece of a longer text with LF line ends:
 * whatever comes before or after the piece, tidying the whole gives the same result.
 */
export function tidyLines(text: string): string {
  return withoutTrailingBlanks(text)
    .replace(/(\S) {2,}(?=\S)/g, "$1 ")
    .replace(/\n{3,}/g, "\n\n");
}

/**
 * Spaces and tabs before each line end go. A scan, not `/[ \t]+\n/g`: that
 * regex restarts inside every run of spaces, so a long run not followed by a
 * line end took quadratic time.
 */
function withoutTrailingBlanks(text: string): string {
  if (!/[ \t]\n/.test(text)) return text;
  return text
    .split("\n")
    .map((line, index, lines) => (index < lines.length - 1 ? trimEndBlanks(line) : line))
    .join("\n");
}

function trimEndBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return end === line.length ? line : line.slice(0, end);
}

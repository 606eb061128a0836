/**
 * A campaign's longer public text: paragraphs separated by a blank line, and
 * links written `[text](https://…)`. Nothing else is markup: the page renders
 * the parsed pieces as React text and <a> elements, so staff never send HTML
 * to a supporter's browser.
 */

export type PublicTextPiece = { text: string } | { text: string; href: string };
export type PublicTextParagraph = PublicTextPiece[];

const linkPattern = /\[([^\][\n]+)\]\(([^()\s]+)\)/g;
const htmlTagPattern = /<\s*\/?\s*[a-z!?][^>]*>/i;

export const publicTextLimit = 20_000;

export function parsePublicText(source: string): PublicTextParagraph[] {
  return source
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/\s*\n\s*/g, " "))
    .filter((block) => block.length > 0)
    .map(parseParagraph);
}

function parseParagraph(block: string): PublicTextParagraph {
  const pieces: PublicTextParagraph = [];
  let at = 0;
  for (const match of block.matchAll(linkPattern)) {
    const [whole, text = "", href = ""] = match;
    if (match.index > at) pieces.push({ text: block.slice(at, match.index) });
    pieces.push(isWebAddress(href) ? { text, href } : { text: whole });
    at = match.index + whole.length;
  }
  if (at < block.length) pieces.push({ text: block.slice(at) });
  return pieces;
}

function isWebAddress(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** What is wrong with a text staff wrote, or null: HTML and non-web links are refused. */
export function publicTextProblem(source: string): string | null {
  if (htmlTagPattern.test(source)) {
    return "Write plain text: HTML such as <script> or <a> is not allowed. Write links as [text](https://…)";
  }
  for (const [, , href = ""] of source.matchAll(linkPattern)) {
    if (!isWebAddress(href)) return `Links must start with https:// or http:// (not "${href}")`;
  }
  return null;
}

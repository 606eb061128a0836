import { tidyLines } from "~/letters/text-hygiene";

/**
 * Tidies a letter template's literal text once, when it is compiled, instead of
 * tidying every letter rendered from it. Only rewrites what tidying the rendered
 * letter would remove anyway, so the letter tidies to the same text either way;
 * for most templates it then comes out clean and needs no tidying at all.
 */

export type LetterPart = "subject" | "body";

/**
 * Rewrites the literal text of a parsed template in place. Both parts: the
 * whitespace a letter would start or end with, which the final trim removes.
 * The body also gets tidyLines inside each literal, unless a literal holds a
 * carriage return (it may pair with a line feed from a neighbouring literal).
 */
export function tidyTemplateLiterals(program: hbs.AST.Program, part: LetterPart): void {
  if (part === "body") {
    const literals = literalsOf(program);
    if (literals.every((literal) => !literal.value.includes("\r"))) {
      for (const literal of literals) literal.value = tidyLines(literal.value);
    }
  }
  trimEdge(program.body, "start");
  trimEdge(program.body, "end");
}

function literalsOf(program: hbs.AST.Program): hbs.AST.ContentStatement[] {
  return program.body.flatMap((node) => {
    if (node.type === "ContentStatement") return [node as hbs.AST.ContentStatement];
    if (node.type !== "BlockStatement") return [];
    const block = node as hbs.AST.BlockStatement;
    return [block.program, block.inverse].flatMap((branch) => (branch ? literalsOf(branch) : []));
  });
}

/**
 * Trims the literals that can open (or close) the output: the first literal,
 * the next one while those before it are left empty, and the first literals of
 * each branch of a block nothing printable comes before.
 */
function trimEdge(statements: readonly hbs.AST.Statement[], edge: "start" | "end"): void {
  const fromEdge = edge === "start" ? statements : [...statements].reverse();
  for (const node of fromEdge) {
    if (node.type === "CommentStatement") continue;
    if (node.type === "ContentStatement") {
      const literal = node as hbs.AST.ContentStatement;
      literal.value = edge === "start" ? literal.value.trimStart() : literal.value.trimEnd();
      if (literal.value === "") continue;
    } else if (node.type === "BlockStatement") {
      const block = node as hbs.AST.BlockStatement;
      for (const branch of [block.program, block.inverse]) if (branch) trimEdge(branch.body, edge);
    }
    return;
  }
}

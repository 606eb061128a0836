import Handlebars from "handlebars";
import { textDirection } from "~/i18n/languages";
import type { TargetKind } from "~/letters/targets";
import { paragraphs, singleLine, tidyText } from "~/letters/text-hygiene";
import type { Position } from "~/positions/stance";
import { rendersClean } from "./clean-by-construction";
import { type LetterPart, tidyTemplateLiterals } from "./template-literals";

export { containsLinkOrHtml, sanitiseSupporterText } from "~/letters/text-hygiene";

/**
 * Letter and supporter e-mail templates: strict validation of Handlebars
 * sources, and rendering that never lets an empty or "undefined" field through.
 * Pure: sources and values come in as arguments (files: template-files.server.ts,
 * database overrides: letter-templates.server.ts). Variables: templates/README.md.
 */

/**
 * "letter": a letter's subject or body. "email": a supporter e-mail's subject,
 * body or footer. "layout": the wrapper around every supporter e-mail.
 */
export type TemplateKind = "letter" | "email" | "layout";
export interface TemplateError {
  /** 1-based line and column of the offending expression. */
  line: number;
  column: number;
  message: string;
}
export type TemplateValidation = { ok: true } | { ok: false; errors: TemplateError[] };

export interface LetterVariables {
  supporter: { name: string; city?: string | null };
  personalParagraph?: string | null;
  target: { name: string; salutation: string; kind: TargetKind };
  state: { name: string; stance: Position };
  ask: { title: string; description?: string | null };
  campaign: { title: string };
  /** Already formatted for the letter's locale (formatLetterDate). */
  date: string;
  language: string;
}

export interface EmailLinks {
  confirm: string;
  unsubscribe: string;
  deleteData: string;
  followUpYes: string;
  followUpAck: string;
  followUpNoReply: string;
}

export interface EmailVariables extends LetterVariables {
  /** Only the links an e-mail prints are needed; the footer always prints these two. */
  links: Partial<EmailLinks> & Pick<EmailLinks, "unsubscribe" | "deleteData">;
  letter: { subject: string; body: string };
  countryLetters?: number;
  expiresInHours?: number;
}

export interface RenderedLetter {
  subject: string;
  body: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
  /** The variable that was missing, when that is the cause. */
  readonly variable: string | null;
  readonly errors: TemplateError[];
  constructor(message: string, detail: { variable?: string; errors?: TemplateError[] } = {}) {
    super(message);
    this.variable = detail.variable ?? null;
    this.errors = detail.errors ?? [];
  }
}

const letterVariableNames = [
  "supporter.name",
  "supporter.city",
  "personalParagraph",
  "target.name",
  "target.salutation",
  "target.kind",
  "state.name",
  "state.stance",
  "ask.title",
  "ask.description",
  "campaign.title",
  "date",
  "language",
] as const;

const emailVariableNames = [
  ...letterVariableNames,
  "links.confirm",
  "links.unsubscribe",
  "links.deleteData",
  "links.followUpYes",
  "links.followUpAck",
  "links.followUpNoReply",
  "letter.subject",
  "letter.body",
  "countryLetters",
  "expiresInHours",
] as const;

/** Every variable a template of each kind may use. */
export const templateVariables: Record<TemplateKind, readonly string[]> = {
  letter: letterVariableNames,
  email: emailVariableNames,
  // The layout also receives the rendered body, footer and subject, and the
  // language's writing direction ("ltr" or "rtl") for `dir`.
  layout: [...emailVariableNames, "content", "footer", "subject", "direction"],
};

/** A letter is never sent without these, whether or not the template prints them. */
export const requiredLetterVariables = [
  "target.salutation",
  "target.name",
  "state.name",
  "ask.title",
  "campaign.title",
  "date",
  "supporter.name",
] as const;

const requiredLetterPaths = variablePaths(requiredLetterVariables);
const requiredLetterNames: ReadonlySet<string> = new Set(requiredLetterVariables);

/** May be empty: templates wrap them in {{#if}}. Every other printed variable must have a value. */
const optionalVariables: ReadonlySet<string> = new Set([
  "supporter.city",
  "personalParagraph",
  "ask.description",
]);

const supportingPositions: ReadonlySet<string> = new Set(["supports", "leaning_support", "yes"]);
const opposingPositions: ReadonlySet<string> = new Set(["opposes", "leaning_oppose", "no"]);
const stanceHelperNames: ReadonlySet<string> = new Set(["ifSupports", "ifOpposes", "ifUndecided"]);

interface SyntaxRules {
  variables: ReadonlySet<string>;
  blockHelpers: ReadonlySet<string>;
  inlineHelpers: ReadonlySet<string>;
}

const blockHelpers: ReadonlySet<string> = new Set(["if", "unless", ...stanceHelperNames]);
const noHelpers: ReadonlySet<string> = new Set();
const rulesByKind: Record<TemplateKind, SyntaxRules> = {
  letter: {
    variables: new Set(templateVariables.letter),
    blockHelpers,
    inlineHelpers: new Set(["opening", "closing"]),
  },
  email: { variables: new Set(templateVariables.email), blockHelpers, inlineHelpers: noHelpers },
  layout: { variables: new Set(templateVariables.layout), blockHelpers, inlineHelpers: noHelpers },
};

// An isolated environment: nothing registered here leaks into other users of Handlebars.
const handlebars = Handlebars.create();
// Templates may use only if, unless and the helpers below, all known when they
// are compiled: dropping the other built-ins spares Handlebars wrapping them
// again for every render.
for (const unused of ["each", "with", "lookup", "log", "helperMissing", "blockHelperMissing"]) {
  handlebars.unregisterHelper(unused);
}

/** The opening and closing a letter prints, passed as Handlebars data. */
interface Variation {
  opening: string | null;
  closing: string | null;
}

function stanceHelper(matches: (position: string) => boolean): Handlebars.HelperDelegate {
  return function (this: unknown, stance: unknown, options: Handlebars.HelperOptions) {
    return matches(String(stance)) ? options.fn(this) : options.inverse(this);
  };
}

function variationHelper(key: keyof Variation): Handlebars.HelperDelegate {
  return (options: Handlebars.HelperOptions) => {
    const chosen = (options.data as Partial<Variation> | undefined)?.[key];
    if (!chosen) {
      throw new TemplateRenderError(`The template uses {{${key}}} but no ${key}s are set`, {
        variable: `${key}s`,
      });
    }
    return chosen;
  };
}

handlebars.registerHelper({
  ifSupports: stanceHelper((p) => supportingPositions.has(p)),
  ifOpposes: stanceHelper((p) => opposingPositions.has(p)),
  ifUndecided: stanceHelper((p) => !supportingPositions.has(p) && !opposingPositions.has(p)),
  opening: variationHelper("opening"),
  closing: variationHelper("closing"),
});

const knownHelpers = {
  ifSupports: true,
  ifOpposes: true,
  ifUndecided: true,
  opening: true,
  closing: true,
};

// ---------------------------------------------------------------- validation

interface Analysis {
  errors: TemplateError[];
  program: hbs.AST.Program | null;
  /** Variables printed outside an {{#if}} on themselves: they must have a value. */
  mustPrint: string[];
  /** Variables printed anywhere, and the inline helpers ({{opening}}, {{closing}}) used. */
  printed: string[];
  /** Variables printed or tested. */
  referenced: string[];
  /** The helpers the template calls. */
  helpers: string[];
}

interface Walk {
  rules: SyntaxRules;
  source: string;
  lineStarts: number[];
  errors: TemplateError[];
  mustPrint: Set<string>;
  printed: Set<string>;
  referenced: Set<string>;
  helpers: Set<string>;
}

/** Strict: known variables and helpers only; no partials, raw blocks, decorators or {{{ }}}. */
export function validateTemplate(source: string, kind: TemplateKind): TemplateValidation {
  const { errors } = analyse(source, kind);
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

function analyse(source: string, kind: TemplateKind): Analysis {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (error) {
    return {
      errors: [syntaxError(error)],
      program: null,
      mustPrint: [],
      printed: [],
      referenced: [],
      helpers: [],
    };
  }
  const walk: Walk = {
    rules: rulesByKind[kind],
    source,
    lineStarts: lineStartOffsets(source),
    errors: [],
    mustPrint: new Set(),
    printed: new Set(),
    referenced: new Set(),
    helpers: new Set(),
  };
  visitProgram(walk, program, new Set());
  const errors = walk.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    errors,
    program,
    mustPrint: [...walk.mustPrint],
    printed: [...walk.printed],
    referenced: [...walk.referenced],
    helpers: [...walk.helpers],
  };
}

function visitProgram(walk: Walk, program: hbs.AST.Program, guarded: ReadonlySet<string>) {
  for (const statement of program.body) visitStatement(walk, statement, guarded);
}

function visitStatement(walk: Walk, node: hbs.AST.Statement, guarded: ReadonlySet<string>) {
  switch (node.type) {
    case "ContentStatement":
    case "CommentStatement":
      break;
    case "MustacheStatement":
      visitMustache(walk, node as hbs.AST.MustacheStatement, guarded);
      break;
    case "BlockStatement":
      visitBlock(walk, node as hbs.AST.BlockStatement, guarded);
      break;
    case "PartialStatement":
    case "PartialBlockStatement":
      report(walk, node, "Partials ({{> …}}) are not allowed");
      break;
    case "Decorator":
    case "DecoratorBlock":
      report(walk, node, "Decorators ({{* …}}) are not allowed");
      break;
    default:
      report(walk, node, `Unsupported template syntax (${node.type})`);
  }
}

function visitMustache(walk: Walk, node: hbs.AST.MustacheStatement, guarded: ReadonlySet<string>) {
  if (!node.escaped) {
    report(walk, node, "Triple-stash {{{ }}} and {{& }} are not allowed: write {{name}}");
  }
  if (node.path.type !== "PathExpression") {
    report(walk, node.path, "Only variables and helpers can go inside {{ }}");
    return;
  }
  const path = node.path as hbs.AST.PathExpression;
  const name = path.original;
  const hasArguments = node.params.length > 0 || hasHash(node);
  if (walk.rules.inlineHelpers.has(name)) {
    if (hasArguments) report(walk, path, `{{${name}}} takes no arguments`);
    walk.printed.add(name);
    walk.helpers.add(name);
  } else if (walk.rules.blockHelpers.has(name)) {
    report(walk, path, `${name} is a block helper: write {{#${name} …}}…{{/${name}}}`);
  } else if (hasArguments) {
    report(walk, path, `Unknown helper "${name}"`);
  } else if (checkVariable(walk, path)) {
    walk.printed.add(name);
    if (!guarded.has(name) && !optionalVariables.has(name)) walk.mustPrint.add(name);
  }
}

function visitBlock(walk: Walk, node: hbs.AST.BlockStatement, guarded: ReadonlySet<string>) {
  if (walk.source.startsWith("{{{{", offsetOf(walk, node.loc.start))) {
    report(walk, node, "Raw blocks {{{{ }}}} are not allowed");
    return;
  }
  const name = node.path.original;
  if (!walk.rules.blockHelpers.has(name)) {
    const hint = walk.rules.inlineHelpers.has(name)
      ? `${name} is not a block helper: write {{${name}}}`
      : `Unknown block helper "${name}"`;
    report(walk, node.path, hint);
  } else {
    checkBlockArguments(walk, node, name);
    walk.helpers.add(name);
  }
  // {{#if x}} guards x in its first branch, {{#unless x}} in its {{else}} branch.
  const condition = node.params.length === 1 ? pathName(node.params[0]) : null;
  const guard = (applies: boolean) =>
    applies && condition ? new Set([...guarded, condition]) : guarded;
  if (node.program) visitProgram(walk, node.program, guard(name === "if"));
  if (node.inverse) visitProgram(walk, node.inverse, guard(name === "unless"));
}

function checkBlockArguments(walk: Walk, node: hbs.AST.BlockStatement, name: string) {
  if (hasHash(node)) report(walk, node.path, `${name} takes no name=value arguments`);
  const [argument, ...extra] = node.params;
  if (!argument || extra.length > 0) {
    const expected = stanceHelperNames.has(name) ? "state.stance" : "one variable";
    report(walk, node.path, `${name} takes exactly one argument: ${expected}`);
    return;
  }
  if (argument.type !== "PathExpression") {
    report(walk, argument, `The argument of ${name} must be a variable`);
    return;
  }
  const path = argument as hbs.AST.PathExpression;
  if (stanceHelperNames.has(name) && path.original !== "state.stance") {
    report(walk, path, `${name} takes state.stance, not ${path.original}`);
    return;
  }
  checkVariable(walk, path);
}

function checkVariable(walk: Walk, path: hbs.AST.PathExpression): boolean {
  if (path.data) {
    report(walk, path, `Data variables such as @${path.parts.join(".")} are not allowed`);
    return false;
  }
  if (!walk.rules.variables.has(path.original)) {
    report(walk, path, `Unknown variable "${path.original}"`);
    return false;
  }
  walk.referenced.add(path.original);
  return true;
}

function pathName(node: hbs.AST.Expression | undefined): string | null {
  return node?.type === "PathExpression" ? (node as hbs.AST.PathExpression).original : null;
}

function hasHash(node: { hash?: hbs.AST.Hash }): boolean {
  return (node.hash?.pairs.length ?? 0) > 0;
}

function report(walk: Walk, node: hbs.AST.Node, message: string) {
  walk.errors.push({ line: node.loc.start.line, column: node.loc.start.column + 1, message });
}

function lineStartOffsets(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function offsetOf(walk: Walk, position: hbs.AST.Position): number {
  return (walk.lineStarts[position.line - 1] ?? 0) + position.column;
}

interface ParserState {
  lexer?: { yylloc?: { first_line?: number; first_column?: number }; match?: string };
}

/** Maps a Handlebars parse failure to a line and column. */
function syntaxError(error: unknown): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: unknown; column?: unknown };
  // Handlebars.Exception (e.g. "if doesn't match unless - 2:5") carries its position.
  if (typeof located.lineNumber === "number" && typeof located.column === "number") {
    return {
      line: located.lineNumber,
      column: located.column + 1,
      message: message.replace(/ - \d+:\d+$/, ""),
    };
  }
  // The generated parser throws a bare Error; parsing is synchronous, so its lexer
  // still holds the offending token's position.
  const lexer = (handlebars as unknown as { Parser?: ParserState }).Parser?.lexer;
  return {
    line: lexer?.yylloc?.first_line ?? 1,
    column: (lexer?.yylloc?.first_column ?? 0) + 1,
    message: `Syntax error: ${describeUnexpected(message, lexer?.match)}`,
  };
}

function describeUnexpected(message: string, match: string | undefined): string {
  const got = /got '([^']+)'\s*$/.exec(message)?.[1];
  if (got === "EOF") return "the template ends too early (is a }} or {{/…}} missing?)";
  if (got === "INVALID" || !match) return "unexpected character (is a }} missing?)";
  return `unexpected ${JSON.stringify(match)}`;
}

// ---------------------------------------------------------------- compilation

/**
 * text: plain text, nothing escaped. htmlFromText: a plain-text source rendered
 * for HTML, literal text and variables escaped. html: an HTML source, variables escaped.
 */
type OutputMode = "text" | "htmlFromText" | "html";

/** A variable name and its path, split once: rendering checks these for every letter. */
interface VariablePath {
  name: string;
  parts: readonly string[];
}

function variablePaths(names: readonly string[]): VariablePath[] {
  return names.map((name) => ({ name, parts: name.split(".") }));
}

interface CompiledTemplate {
  render: Handlebars.TemplateDelegate;
  mustPrint: readonly VariablePath[];
}

interface CompiledLetterPart extends CompiledTemplate {
  /**
   * Renders clean for any clean values (see rendersClean): the letter needs
   * no final tidying. Otherwise renderLetter tidies the whole rendered part.
   */
  cleanByConstruction: boolean;
}

const maxCachedTemplates = 500;
const compiledTemplates = new Map<string, Map<string, CompiledTemplate>>();
const compiledLetterParts: Record<LetterPart, Map<string, CompiledLetterPart>> = {
  subject: new Map(),
  body: new Map(),
};

/** Validates and compiles once per source: rendering many letters never recompiles. */
function compiledTemplate(source: string, kind: TemplateKind, mode: OutputMode): CompiledTemplate {
  const cacheKey = `${kind}:${mode}`;
  let cache = compiledTemplates.get(cacheKey);
  if (!cache) {
    cache = new Map();
    compiledTemplates.set(cacheKey, cache);
  }
  return cached(cache, source, () => {
    const { program, mustPrint } = validProgram(source, kind);
    if (mode === "htmlFromText") escapeLiteralText(program);
    return { render: compileProgram(program, mode), mustPrint: variablePaths(mustPrint) };
  });
}

/** A letter's subject or body, its literal text tidied once here rather than in every letter. */
function compiledLetterPart(source: string, part: LetterPart): CompiledLetterPart {
  return cached(compiledLetterParts[part], source, () => {
    const analysis = validProgram(source, "letter");
    tidyTemplateLiterals(analysis.program, part);
    // The letter's context always has every variable (letterContext): no missing
    // path for strict mode to catch, nor any object along a path to check.
    const render = environmentWith(analysis.helpers).compile(analysis.program, {
      noEscape: true,
      knownHelpers,
      knownHelpersOnly: true,
      assumeObjects: true,
    });
    // renderLetter checks the required variables first: no need to check them twice.
    const mustPrint = analysis.mustPrint.filter((name) => !requiredLetterNames.has(name));
    return {
      render,
      mustPrint: variablePaths(mustPrint),
      cleanByConstruction:
        printsOnlyCleanValues(analysis.printed, part) &&
        rendersClean(
          (values) => render(sampleContext(values), { data: sampleVariation }),
          part,
          varyingVariables(analysis),
        ),
    };
  });
}

const environments = new Map<string, typeof Handlebars>();

/**
 * Handlebars wraps every helper of its environment again for each render: a
 * letter part is compiled in an environment holding only the helpers it calls.
 */
function environmentWith(helpers: readonly string[]): typeof Handlebars {
  const key = [...helpers].sort().join(" ");
  let environment = environments.get(key);
  if (!environment) {
    environment = Handlebars.create();
    for (const name of Object.keys(environment.helpers)) environment.unregisterHelper(name);
    for (const name of helpers) {
      const helper = handlebars.helpers[name];
      if (helper) environment.registerHelper(name, helper);
    }
    environments.set(key, environment);
  }
  return environment;
}

function cached<T>(cache: Map<string, T>, source: string, compile: () => T): T {
  const found = cache.get(source);
  if (found) return found;
  const compiled = compile();
  // Staff previews can create many versions: drop the oldest rather than grow forever.
  remember(cache, source, compiled, maxCachedTemplates);
  return compiled;
}

/** Adds to a cache that keeps at most `limit` entries, dropping the oldest first. */
function remember<T>(cache: Map<string, T>, key: string, value: T, limit: number) {
  if (cache.size >= limit) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, value);
}

function validProgram(source: string, kind: TemplateKind): Analysis & { program: hbs.AST.Program } {
  const analysis = analyse(source, kind);
  const { errors, program } = analysis;
  const [first] = errors;
  if (first || !program) {
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : "";
    throw new TemplateRenderError(`The ${kind} template is invalid${where}`, { errors });
  }
  return { ...analysis, program };
}

function compileProgram(program: hbs.AST.Program, mode: OutputMode): Handlebars.TemplateDelegate {
  return handlebars.compile(program, {
    strict: true,
    noEscape: mode === "text",
    knownHelpers,
    knownHelpersOnly: true,
  });
}

function escapeLiteralText(program: hbs.AST.Program) {
  for (const node of program.body) {
    if (node.type === "ContentStatement") {
      const content = node as hbs.AST.ContentStatement;
      content.value = handlebars.escapeExpression(content.value);
    } else if (node.type === "BlockStatement") {
      const block = node as hbs.AST.BlockStatement;
      if (block.program) escapeLiteralText(block.program);
      if (block.inverse) escapeLiteralText(block.inverse);
    }
  }
}

type Context = Record<string, unknown>;

function run(
  template: CompiledTemplate,
  context: Context,
  options?: Handlebars.RuntimeOptions,
): string {
  try {
    return template.render(context, options);
  } catch (error) {
    if (error instanceof TemplateRenderError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TemplateRenderError(`The template could not be rendered: ${reason}`);
  }
}

function assertPresent(context: Context, variables: readonly VariablePath[]) {
  for (const variable of variables) {
    if (isBlank(lookup(context, variable.parts))) {
      throw new TemplateRenderError(`${variable.name} is empty: it is required here`, {
        variable: variable.name,
      });
    }
  }
}

function lookup(context: Context, parts: readonly string[]): unknown {
  let value: unknown = context;
  for (const part of parts) {
    value = value !== null && typeof value === "object" ? (value as Context)[part] : undefined;
  }
  return value;
}

function isBlank(value: unknown): boolean {
  if (value == null) return true;
  if (typeof value !== "string") return false;
  const trimmed = value.trim();
  return trimmed === "" || trimmed === "undefined" || trimmed === "null";
}

// ---------------------------------------------------------------- letters

const maxCachedValues = 1000;

/**
 * Letters share most of their values (campaign, ask, target, date, openings and
 * closings): each distinct one is cleaned once, then found by a lookup. Never
 * used for a supporter's words, which are not kept in memory past the request.
 */
function cleanedOnce(clean: (text: string) => string): (text: string) => string {
  const cleaned = new Map<string, string>();
  return (text) => {
    let result = cleaned.get(text);
    if (result === undefined) {
      result = clean(text);
      // Emptied when full rather than oldest first: each new supporter would
      // otherwise evict one entry, and a Map is slow to find its oldest entry
      // after many deletions. Shared values come back at the next letter.
      if (cleaned.size >= maxCachedValues) cleaned.clear();
      cleaned.set(text, result);
    }
    return result;
  };
}

const cleanLine = cleanedOnce(singleLine);
const cleanParagraphs = cleanedOnce(paragraphs);

function letterContext(variables: LetterVariables) {
  return {
    supporter: {
      name: singleLine(variables.supporter.name),
      city: singleLine(variables.supporter.city ?? ""),
    },
    personalParagraph: paragraphs(variables.personalParagraph ?? ""),
    target: {
      name: cleanLine(variables.target.name),
      salutation: cleanLine(variables.target.salutation),
      kind: variables.target.kind,
    },
    state: { name: cleanLine(variables.state.name), stance: variables.state.stance },
    ask: {
      title: cleanLine(variables.ask.title),
      description: cleanParagraphs(variables.ask.description ?? ""),
    },
    campaign: { title: cleanLine(variables.campaign.title) },
    date: cleanLine(variables.date),
    language: variables.language,
  };
}

// What letterContext makes of each printed value: one clean line, or clean
// paragraphs (chooseVariation cleans openings and closings the same way).
// Any other value (target.kind, state.stance, language) is printed as given.
const cleanLineVariables: ReadonlySet<string> = new Set([
  "supporter.name",
  "supporter.city",
  "target.name",
  "target.salutation",
  "state.name",
  "ask.title",
  "campaign.title",
  "date",
]);
const cleanParagraphValues: ReadonlySet<string> = new Set([
  "personalParagraph",
  "ask.description",
  "opening",
  "closing",
]);

function printsOnlyCleanValues(printed: readonly string[], part: LetterPart): boolean {
  return printed.every(
    (name) => cleanLineVariables.has(name) || (part === "body" && cleanParagraphValues.has(name)),
  );
}

/** Variables that may be empty when a part renders: any but the required and must-print ones. */
function varyingVariables(analysis: Analysis): string[] {
  const alwaysSet = new Set([...requiredLetterVariables, ...analysis.mustPrint]);
  return analysis.referenced.filter((name) => !alwaysSet.has(name));
}

const sampleVariation: Variation = { opening: "x", closing: "x" };

function sampleContext(values: Readonly<Record<string, string>>): Context {
  const context: Context = {};
  for (const name of letterVariableNames) {
    const parts = name.split(".");
    const leaf = parts.pop() ?? name;
    let node = context;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part] as Context;
    }
    node[leaf] = values[name] ?? "x";
  }
  return context;
}

const fnvPrime = 0x01000193;

/**
 * FNV-1a: a fast, stable string hash (no security role, only spreading choices).
 * Continues from `hash`, so a fixed prefix is hashed once.
 */
function fnv1a(text: string, hash = 0x811c9dc5): number {
  let state = hash;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), fnvPrime);
  return state;
}

const openingPrefix = fnv1a("opening:");
const closingPrefix = fnv1a("closing:");

/** Hashes "opening:" + seed and "closing:" + seed in one pass over the seed. */
function chooseVariation(
  openings: readonly string[],
  closings: readonly string[],
  seed: string,
): Variation {
  let opening = openingPrefix;
  let closing = closingPrefix;
  for (let i = 0; i < seed.length; i++) {
    const code = seed.charCodeAt(i);
    opening = Math.imul(opening ^ code, fnvPrime);
    closing = Math.imul(closing ^ code, fnvPrime);
  }
  return { opening: chosenText(openings, opening), closing: chosenText(closings, closing) };
}

function chosenText(options: readonly string[], hash: number): string | null {
  // No options: x % 0 is NaN, and options[NaN] undefined.
  const chosen = options[(hash >>> 0) % options.length];
  return chosen === undefined ? null : cleanParagraphs(chosen) || null;
}

/**
 * Renders one letter as plain text. The seed picks the opening and closing, so
 * letters to one ministry differ while each letter renders the same every time.
 */
export function renderLetter(input: {
  subject: string;
  body: string;
  openings: readonly string[];
  closings: readonly string[];
  variables: LetterVariables;
  variationSeed: string;
}): RenderedLetter {
  const subjectPart = compiledLetterPart(input.subject, "subject");
  const bodyPart = compiledLetterPart(input.body, "body");
  const context = letterContext(input.variables);
  assertPresent(context, requiredLetterPaths);
  assertPresent(context, subjectPart.mustPrint);
  assertPresent(context, bodyPart.mustPrint);
  const variation = chooseVariation(input.openings, input.closings, input.variationSeed);
  // With @root given, Handlebars uses this data as it is rather than copying it
  // into a new frame for each part.
  const options = { data: { root: context, ...variation } };
  const renderedSubject = run(subjectPart, context, options);
  const renderedBody = run(bodyPart, context, options);
  const subject = subjectPart.cleanByConstruction ? renderedSubject : singleLine(renderedSubject);
  const body = bodyPart.cleanByConstruction ? renderedBody : tidyText(renderedBody);
  if (!subject) throw new TemplateRenderError("The letter subject rendered empty");
  if (!body) throw new TemplateRenderError("The letter body rendered empty");
  return { subject, body };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A long date in the letter's language ("26 novembre 2025"); an unknown tag gives English. */
export function formatLetterDate(date: Date, language: string, timeZone?: string): string {
  const key = `${language}|${timeZone ?? ""}`;
  let format = dateFormats.get(key);
  if (!format) {
    format =
      tryDateFormat(language, timeZone) ??
      tryDateFormat(language, undefined) ??
      new Intl.DateTimeFormat("en", { dateStyle: "long" });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

function tryDateFormat(language: string, timeZone: string | undefined) {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone });
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- supporter e-mails

const numberFormats = new Map<string, Intl.NumberFormat>();

function formatCount(value: number | undefined, language: string): string {
  if (value === undefined || !Number.isFinite(value)) return "";
  let format = numberFormats.get(language);
  if (!format) {
    try {
      format = new Intl.NumberFormat(language);
    } catch {
      format = new Intl.NumberFormat("en");
    }
    numberFormats.set(language, format);
  }
  return format.format(value);
}

function emailContext(variables: EmailVariables) {
  const links: Record<string, string> = {};
  for (const [name, url] of Object.entries(variables.links)) links[name] = singleLine(url ?? "");
  return {
    ...letterContext(variables),
    links,
    letter: {
      subject: singleLine(variables.letter.subject),
      body: paragraphs(variables.letter.body),
    },
    countryLetters: formatCount(variables.countryLetters, variables.language),
    expiresInHours: formatCount(variables.expiresInHours, variables.language),
  };
}

/** In the HTML part, a link printed in the body or footer becomes a clickable anchor. */
function linkAnchors(
  links: Record<string, string>,
): Record<string, string | Handlebars.SafeString> {
  const anchors: Record<string, string | Handlebars.SafeString> = {};
  for (const [name, url] of Object.entries(links)) {
    const escaped = handlebars.escapeExpression(url);
    anchors[name] = url ? new handlebars.SafeString(`<a href="${escaped}">${escaped}</a>`) : "";
  }
  return anchors;
}

function textToHtml(escapedText: string): string {
  return tidyText(escapedText)
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, "<br>\n")}</p>`)
    .join("\n");
}

/**
 * Renders a supporter e-mail: the body and footer are written as plain text and
 * rendered twice, as text (unescaped, control characters stripped) and as HTML
 * (every variable and literal escaped, paragraphs kept), then wrapped in the layouts.
 */
export function renderSupporterEmail(input: {
  bodySource: string;
  footerSource: string;
  layoutHtml: string;
  layoutText: string;
  subject: string;
  variables: EmailVariables;
}): RenderedEmail {
  const context = emailContext(input.variables);
  const htmlContext = { ...context, links: linkAnchors(context.links) };
  const subject = singleLine(renderEmailPart(input.subject, context, "text"));
  if (!subject) throw new TemplateRenderError("The e-mail subject rendered empty");
  const body = {
    text: renderEmailPart(input.bodySource, context, "text"),
    html: textToHtml(renderEmailPart(input.bodySource, htmlContext, "htmlFromText")),
  };
  if (!body.text) throw new TemplateRenderError("The e-mail body rendered empty");
  const footer = {
    text: renderEmailPart(input.footerSource, context, "text"),
    html: textToHtml(renderEmailPart(input.footerSource, htmlContext, "htmlFromText")),
  };
  const textLayout = compiledTemplate(input.layoutText, "layout", "text");
  const direction = textDirection(input.variables.language);
  const textLayoutContext = {
    ...context,
    subject,
    direction,
    content: body.text,
    footer: footer.text,
  };
  assertPresent(textLayoutContext, textLayout.mustPrint);
  const htmlLayout = compiledTemplate(input.layoutHtml, "layout", "html");
  const htmlLayoutContext = {
    ...context,
    subject,
    direction,
    content: new handlebars.SafeString(body.html),
    footer: new handlebars.SafeString(footer.html),
  };
  assertPresent(htmlLayoutContext, htmlLayout.mustPrint);
  return {
    subject,
    // Not tidied: the layout's "-- " signature separator keeps its trailing space.
    text: run(textLayout, textLayoutContext)
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
    html: run(htmlLayout, htmlLayoutContext).trim(),
  };
}

function renderEmailPart(source: string, context: Context, mode: OutputMode): string {
  const template = compiledTemplate(source, "email", mode);
  assertPresent(context, template.mustPrint);
  return tidyText(run(template, context));
}

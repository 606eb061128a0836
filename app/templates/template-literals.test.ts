import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { singleLine, tidyText } from "~/letters/text-hygiene";
import { type LetterPart, tidyTemplateLiterals } from "./template-literals";

const handlebars = Handlebars.create();

/** The source rendered as parsed, and with its literals tidied. */
function renderBoth(source: string, part: LetterPart, context: object) {
  const program = handlebars.parse(source);
  tidyTemplateLiterals(program, part);
  const options = { noEscape: true, strict: true };
  return {
    original: handlebars.compile(source, options)(context),
    tidied: handlebars.compile(program, options)(context),
  };
}

const empty = { a: "", b: "", c: "" };
const set = { a: "A", b: "B", c: "C" };

describe("tidyTemplateLiterals", () => {
  it("trims what a body ends with, inside the branches of a closing block", () => {
    const source = "{{a}}\n{{#if b}}\n{{b}}, {{c}}  \n{{else}}\n{{c}}\n\n{{/if}}\n";
    expect(renderBoth(source, "body", set).tidied).toBe("A\nB, C");
    expect(renderBoth(source, "body", empty).tidied).toBe("\n");
  });

  it("trims what a body starts with, past comments and literals left empty", () => {
    const source = "{{! note }}  \n\n{{#if a}}\n  {{a}}{{/if}} x";
    expect(renderBoth(source, "body", set).tidied).toBe("A x");
  });

  it("tidies inside each literal of a body, keeping indentation", () => {
    const source = "Dear {{a}},   \n\n\n\n  indented  text\t\n{{b}}";
    expect(renderBoth(source, "body", set).tidied).toBe("Dear A,\n\n  indented text\nB");
  });

  it("leaves spaces next to a value, which may be empty, to the final tidying", () => {
    expect(renderBoth("Dear  {{a}}  !", "body", set).tidied).toBe("Dear  A  !");
  });

  it("leaves the inside of a subject's literals to singleLine", () => {
    expect(renderBoth("\n Appeal:  {{a}} \n", "subject", set).tidied).toBe("Appeal:  A");
  });

  it("leaves a body's literals untidied when one holds a carriage return", () => {
    const source = "a  b \r\n{{a}}\r\n\r\n\r\nc\n";
    expect(renderBoth(source, "body", set).tidied).toBe("a  b \r\nA\r\n\r\n\r\nc");
  });

  it("never changes what the tidied letter says", () => {
    const sources = [
      "{{a}}  {{b}}\n\n\n{{c}}",
      "x \n{{#if a}}  {{a}}  \n\n\n{{/if}}\n\n\n{{#unless b}}\n\n{{c}} \n{{else}}{{b}}{{/unless}}\n\n",
      "  {{#if a}}{{#if b}}\n\n {{b}}\n{{/if}}{{/if}}  tail  \n",
      "{{a}}\t \n \n\n{{b}}   {{c}}",
    ];
    const contexts = [empty, set, { a: "A", b: "", c: "C" }, { a: "", b: "B", c: "" }];
    for (const source of sources) {
      for (const context of contexts) {
        const body = renderBoth(source, "body", context);
        expect(tidyText(body.tidied)).toBe(tidyText(body.original));
        const subject = renderBoth(source, "subject", context);
        expect(singleLine(subject.tidied)).toBe(singleLine(subject.original));
      }
    }
  });
});

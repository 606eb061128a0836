import { describe, expect, it } from "vitest";
import { publicLanguages } from "~/i18n/languages";
import type { Position } from "~/positions/stance";
import {
  containsLinkOrHtml,
  type EmailVariables,
  formatLetterDate,
  type LetterVariables,
  renderLetter,
  renderSupporterEmail,
  sanitiseSupporterText,
  TemplateRenderError,
  validateTemplate,
} from "./letter-template";
import {
  emailLayout,
  emailTemplateNames,
  fileTemplate,
  letterLanguages,
} from "./template-files.server";

const stateNames = {
  en: "Norway",
  fr: "Norvège",
  es: "Noruega",
  ar: "النرويج",
  zh: "挪威",
  ru: "Норвегия",
  de: "Norwegen",
  pt: "Noruega",
  fa: "نروژ",
};
const salutations = {
  en: "Excellency",
  fr: "Excellence",
  es: "Excelencia",
  ar: "معالي الوزير",
  zh: "尊敬的部长阁下",
  ru: "Ваше Превосходительство",
  de: "Sehr geehrte Frau Ministerin, sehr geehrter Herr Minister",
  pt: "Excelência",
  fa: "عالیجناب",
};
/** The signature's place line: city and state as each language writes them. */
const placeLines = {
  ...Object.fromEntries(letterLanguages.map((l) => [l, `Bergen, ${stateNames[l]}`])),
  ar: `Bergen، ${stateNames.ar}`,
  fa: `Bergen، ${stateNames.fa}`,
  zh: `${stateNames.zh}，Bergen`,
} as Record<(typeof letterLanguages)[number], string>;

function letterVariables(
  language: (typeof letterLanguages)[number] = "en",
  overrides: Partial<LetterVariables> = {},
): LetterVariables {
  return {
    supporter: { name: "Ada Lovelace", city: "Bergen" },
    personalParagraph: "My grandmother was a nurse in Tehran.",
    target: {
      name: "Ministry of Foreign Affairs",
      salutation: salutations[language],
      kind: "ministry",
    },
    state: { name: stateNames[language], stance: "undecided" },
    ask: {
      title: "Convene a special session of the Human Rights Council",
      description: "A third of the Council's members can request a special session.",
    },
    campaign: { title: "Iran: end impunity for the killing of protesters" },
    date: formatLetterDate(new Date("2026-02-03T12:00:00Z"), language),
    language,
    ...overrides,
  };
}

function emailVariables(
  language: (typeof letterLanguages)[number] = "en",
  overrides: Partial<EmailVariables> = {},
): EmailVariables {
  return {
    ...letterVariables(language),
    links: {
      confirm: "https://act.example.org/confirm/abc?x=1&y=2",
      unsubscribe: "https://act.example.org/unsubscribe/tok",
      deleteData: "https://act.example.org/delete/tok",
      followUpYes: "https://act.example.org/follow-up/tok/yes",
      followUpAck: "https://act.example.org/follow-up/tok/ack",
      followUpNoReply: "https://act.example.org/follow-up/tok/none",
    },
    letter: { subject: "Appeal: the ask", body: "Excellency,\n\nPlease act.\n\nAda Lovelace" },
    countryLetters: 1234,
    expiresInHours: 48,
    ...overrides,
  };
}

function renderFileLetter(
  language: (typeof letterLanguages)[number],
  variables: LetterVariables,
  variationSeed = "letter-1",
) {
  const template = fileTemplate("letter", language);
  return renderLetter({ ...template, variables, variationSeed });
}

function renderFileEmail(
  name: (typeof emailTemplateNames)[number],
  variables: EmailVariables,
  language: (typeof letterLanguages)[number] = "en",
) {
  const template = fileTemplate(name, language);
  const layout = emailLayout();
  return renderSupporterEmail({
    bodySource: template.body,
    footerSource: template.footer,
    layoutHtml: layout.html,
    layoutText: layout.text,
    subject: template.subject,
    variables,
  });
}

function expectCleanText(text: string) {
  expect(text).not.toMatch(/undefined|null|\[object Object\]/);
  expect(text).not.toMatch(/\n{3,}/);
  expect(text).not.toMatch(/[ \t]+$/m);
  expect(text).not.toMatch(/\S {2,}\S/);
}

describe("shipped templates", () => {
  const letterSources = letterLanguages.flatMap((language) => {
    const template = fileTemplate("letter", language);
    return [
      [`letter/subject.${language}.hbs`, template.subject],
      [`letter/body.${language}.hbs`, template.body],
    ] as const;
  });
  it.each(letterSources)("%s validates as a letter template", (_file, source) => {
    expect(validateTemplate(source, "letter")).toEqual({ ok: true });
  });

  const emailSources = publicLanguages.flatMap((language) => [
    [`email/footer.${language}.hbs`, fileTemplate("receipt", language).footer] as const,
    ...emailTemplateNames.flatMap((name) => {
      const template = fileTemplate(name, language);
      return [
        [`email/${name}.${language}.hbs`, template.body],
        [`email/subjects.${language}.json: ${name}`, template.subject],
      ] as const;
    }),
  ]);
  it.each(emailSources)("%s validates as an e-mail template", (_file, source) => {
    expect(validateTemplate(source, "email")).toEqual({ ok: true });
  });

  it("the layouts validate", () => {
    expect(validateTemplate(emailLayout().html, "layout")).toEqual({ ok: true });
    expect(validateTemplate(emailLayout().text, "layout")).toEqual({ ok: true });
  });

  it("ships at least three openings and closings per language", () => {
    for (const language of letterLanguages) {
      const template = fileTemplate("letter", language);
      expect(template.openings.length).toBeGreaterThanOrEqual(3);
      expect(template.closings.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("falls back to English for a language without templates", () => {
    expect(fileTemplate("letter", "ja").language).toBe("en");
    expect(fileTemplate("letter", "fr-CH").language).toBe("fr");
    expect(fileTemplate("letter", "de-AT").language).toBe("de");
    // Letters go out in German and Portuguese; supporters' e-mails do not.
    expect(fileTemplate("receipt", "de").body).toBe(fileTemplate("receipt", "en").body);
    expect(fileTemplate("receipt", "fa").language).toBe("fa");
  });
});

describe("renderLetter with the shipped templates", () => {
  const wording = {
    en: { thanks: "thank you sincerely", persuade: "reconsider this position" },
    fr: { thanks: "vous en remercier", persuade: "reconsidérer cette position" },
    es: { thanks: "sincero agradecimiento", persuade: "reconsidere esta posición" },
    ar: { thanks: "بخالص الشكر", persuade: "إعادة النظر" },
    zh: { thanks: "诚挚的感谢", persuade: "重新考虑" },
    ru: { thanks: "искренне поблагодарить", persuade: "пересмотреть эту позицию" },
    de: { thanks: "aufrichtig zu danken", persuade: "diese Haltung zu überdenken" },
    pt: { thanks: "agradecer sinceramente", persuade: "reconsidere essa posição" },
    fa: { thanks: "صمیمانه از این موضع سپاسگزاری", persuade: "تجدیدنظر" },
  };

  it.each(letterLanguages)("%s: thanks a supporting state, persuades an opposed one", (lang) => {
    const stance = (position: Position) =>
      renderFileLetter(
        lang,
        letterVariables(lang, { state: { name: stateNames[lang], stance: position } }),
      );
    const supporting = stance("supports");
    const opposed = stance("opposes");
    expect(supporting.body).toContain(wording[lang].thanks);
    expect(supporting.body).not.toContain(wording[lang].persuade);
    expect(opposed.body).toContain(wording[lang].persuade);
    expect(opposed.body).not.toContain(wording[lang].thanks);
    expect(supporting.subject).not.toBe(opposed.subject);
    for (const letter of [supporting, opposed]) {
      expectCleanText(letter.body);
      expect(letter.subject).toContain("Convene a special session");
      expect(letter.body).toContain(`${salutations[lang]}`);
      expect(letter.body).toContain("Ada Lovelace");
      expect(letter.body).toContain(placeLines[lang]);
      expect(letter.body).toContain("My grandmother was a nurse in Tehran.");
      expect(letter.body).toContain(letterVariables(lang).date);
    }
  });

  it("treats recorded votes and leanings like stances", () => {
    const body = (stance: Position) =>
      renderFileLetter("en", letterVariables("en", { state: { name: "Norway", stance } })).body;
    expect(body("yes")).toBe(body("supports"));
    expect(body("leaning_support")).toBe(body("supports"));
    expect(body("no")).toBe(body("opposes"));
    expect(body("leaning_oppose")).toBe(body("opposes"));
    expect(body("abstain")).toBe(body("undecided"));
    expect(body("no_information")).toContain("not yet settled its position");
  });

  it("dates the letter in its language", () => {
    const date = new Date("2026-02-03T12:00:00Z");
    expect(formatLetterDate(date, "fr")).toBe("3 février 2026");
    expect(formatLetterDate(date, "es")).toBe("3 de febrero de 2026");
    expect(formatLetterDate(date, "en-GB")).toBe("3 February 2026");
    expect(formatLetterDate(new Date("2026-02-03T23:30:00Z"), "en-GB", "Asia/Tokyo")).toBe(
      "4 February 2026",
    );
    expect(formatLetterDate(date, "not a language!")).toBe("February 3, 2026");
  });

  it("renders an empty city and paragraph cleanly", () => {
    const letter = renderFileLetter(
      "en",
      letterVariables("en", {
        supporter: { name: "Ada Lovelace", city: "" },
        personalParagraph: "   ",
        ask: { title: "Open investigations", description: "" },
      }),
    );
    expectCleanText(letter.body);
    expect(letter.body).toMatch(/\n\nAda Lovelace\nNorway$/);
  });

  it("keeps emoji and right-to-left names intact", () => {
    for (const name of ["مريم", "דוד", "Zoë 🌍✊🏽"]) {
      const letter = renderFileLetter(
        "en",
        letterVariables("en", { supporter: { name, city: "תל אביב" } }),
      );
      expect(letter.body).toContain(`\n${name}\nתל אביב, Norway`);
    }
  });

  it("strips bidi overrides and control characters from the values", () => {
    const letter = renderFileLetter(
      "en",
      letterVariables("en", { supporter: { name: "Eve\u202Egnp.exe\u202C\u0007", city: null } }),
    );
    expect(letter.body).toContain("\nEvegnp.exe\nNorway");
  });

  it("keeps the subject on one line", () => {
    const title = "Convene a\r\nspecial session\n\rnow";
    const letter = renderFileLetter("en", letterVariables("en", { ask: { title } }));
    expect(letter.subject).toBe("Appeal: Convene a special session now");
    const fromSource = renderLetter({
      subject: "Line one\r\n{{ask.title}}\n",
      body: "{{supporter.name}}",
      openings: [],
      closings: [],
      variables: letterVariables(),
      variationSeed: "s",
    });
    expect(fromSource.subject).toBe(
      "Line one Convene a special session of the Human Rights Council",
    );
  });
});

describe("tidying", () => {
  const render = (city: string) =>
    renderLetter({
      subject: "  Appeal:  {{ask.title}}\n",
      body: [
        "Dear  {{target.salutation}} ,   \n\n\n\n{{supporter.city}}  {{state.name}}",
        "{{#if personalParagraph}}\n\n{{personalParagraph}}\n\n\n{{/if}}\n\n\n{{supporter.name}}  \n",
      ].join("\n"),
      openings: [],
      closings: [],
      variables: letterVariables("en", {
        supporter: { name: "Ada", city },
        personalParagraph: "",
        ask: { title: "Open  investigations" },
      }),
      variationSeed: "s",
    });

  it("tidies what a template's own text and its empty values leave", () => {
    expect(render("")).toEqual({
      subject: "Appeal: Open investigations",
      body: "Dear Excellency ,\n\n  Norway\n\nAda",
    });
    expect(render("Bergen").body).toBe("Dear Excellency ,\n\nBergen Norway\n\nAda");
  });
});

describe("variation", () => {
  const render = (seed: string) =>
    renderLetter({
      subject: "Appeal",
      body: "{{opening}}\n\n{{closing}}",
      openings: ["Opening A", "Opening B", "Opening C", "Opening D"],
      closings: ["Closing A", "Closing B", "Closing C", "Closing D"],
      variables: letterVariables(),
      variationSeed: seed,
    }).body;

  it("is stable for one seed", () => {
    expect(render("letter-42")).toBe(render("letter-42"));
  });

  it("differs across seeds", () => {
    const bodies = new Set(Array.from({ length: 40 }, (_, i) => render(`letter-${i}`)));
    expect(bodies.size).toBeGreaterThan(4);
  });

  it("refuses {{opening}} without any opening", () => {
    expect(() =>
      renderLetter({
        subject: "Appeal",
        body: "{{opening}}",
        openings: [],
        closings: [],
        variables: letterVariables(),
        variationSeed: "s",
      }),
    ).toThrow(TemplateRenderError);
  });
});

describe("required variables", () => {
  const render = (variables: LetterVariables, body = "{{target.salutation}}") =>
    renderLetter({ subject: "S", body, openings: [], closings: [], variables, variationSeed: "s" });

  it.each([
    ["supporter.name", { supporter: { name: " " } }],
    ["target.salutation", { target: { name: "MFA", salutation: "", kind: "ministry" as const } }],
    ["state.name", { state: { name: "undefined", stance: "supports" as const } }],
    ["date", { date: "" }],
  ])("%s must not be empty", (variable, overrides) => {
    const error = catchError(() => render(letterVariables("en", overrides)));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).variable).toBe(variable);
  });

  it("a printed e-mail link must be given", () => {
    const variables = emailVariables("en");
    variables.links = { unsubscribe: "https://u", deleteData: "https://d" };
    const error = catchError(() => renderFileEmail("confirmation", variables));
    expect((error as TemplateRenderError).variable).toBe("links.confirm");
  });

  it("an invalid template is refused at render time too", () => {
    expect(() => render(letterVariables(), "{{supporter.phone}}")).toThrow(
      /line 1, column 3: Unknown variable "supporter.phone"/,
    );
  });
});

describe("validateTemplate", () => {
  const errorsOf = (source: string, kind: "letter" | "email" | "layout" = "letter") => {
    const result = validateTemplate(source, kind);
    return result.ok ? [] : result.errors;
  };

  it("rejects an unknown variable with its line and column", () => {
    expect(errorsOf("Dear {{target.salutation}},\n\n  Call me: {{supporter.phone}}")).toEqual([
      { line: 3, column: 14, message: 'Unknown variable "supporter.phone"' },
    ]);
  });

  it("rejects an unknown helper with its line and column", () => {
    expect(errorsOf("Hello\n{{shout supporter.name}}")).toEqual([
      { line: 2, column: 3, message: 'Unknown helper "shout"' },
    ]);
    expect(errorsOf("{{#each openings}}x{{/each}}")).toEqual([
      { line: 1, column: 4, message: 'Unknown block helper "each"' },
    ]);
  });

  it("maps syntax errors to a position", () => {
    expect(errorsOf("Dear\n  {{}} x")).toEqual([
      { line: 2, column: 5, message: 'Syntax error: unexpected "}}"' },
    ]);
    expect(errorsOf("a {{supporter.name}\nb")).toEqual([
      { line: 1, column: 19, message: "Syntax error: unexpected character (is a }} missing?)" },
    ]);
    expect(errorsOf("{{#if date}}\nx")).toEqual([
      { line: 2, column: 2, message: expect.stringMatching(/^Syntax error: the template ends/) },
    ]);
    expect(errorsOf("{{#if supporter.city}}\nx\n{{/unless}}")).toEqual([
      { line: 1, column: 4, message: "if doesn't match unless" },
    ]);
  });

  it("rejects triple-stash, partials, raw blocks and decorators", () => {
    expect(errorsOf("a {{{supporter.name}}}")).toEqual([
      { line: 1, column: 3, message: expect.stringMatching(/^Triple-stash/) },
    ]);
    expect(errorsOf("{{& supporter.name}}")[0]?.message).toMatch(/^Triple-stash/);
    expect(errorsOf("x\n {{> footer}}")).toEqual([
      { line: 2, column: 2, message: expect.stringMatching(/^Partials/) },
    ]);
    expect(errorsOf("{{#> footer}}x{{/footer}}")[0]?.message).toMatch(/^Partials/);
    expect(errorsOf("{{{{raw}}}} {{supporter.name}} {{{{/raw}}}}")[0]?.message).toMatch(
      /^Raw blocks/,
    );
    expect(errorsOf("{{{{if}}}}x{{{{/if}}}}")[0]?.message).toMatch(/^Raw blocks/);
    expect(errorsOf("{{*decorate}}")[0]?.message).toMatch(/^Decorators/);
  });

  it("allows only plain paths from the list", () => {
    for (const source of ["{{@root.date}}", "{{../date}}", "{{this.date}}", "{{this}}"]) {
      expect(errorsOf(source)).toHaveLength(1);
    }
    expect(errorsOf('{{"literal"}}')).toHaveLength(1);
    expect(errorsOf("{{supporter.name (shout date)}}")).toHaveLength(1);
  });

  it("checks helper arguments", () => {
    expect(errorsOf("{{#ifSupports supporter.name}}x{{/ifSupports}}")[0]?.message).toBe(
      "ifSupports takes state.stance, not supporter.name",
    );
    expect(errorsOf("{{#if}}x{{/if}}")).toHaveLength(1);
    expect(errorsOf("{{#if date language}}x{{/if}}")).toHaveLength(1);
    expect(errorsOf('{{#if "x"}}x{{/if}}')).toHaveLength(1);
    expect(errorsOf("{{ifSupports state.stance}}")[0]?.message).toMatch(/block helper/);
    expect(errorsOf("{{opening date}}")[0]?.message).toMatch(/takes no arguments/);
  });

  it("knows which variables and helpers each kind has", () => {
    expect(errorsOf("{{links.confirm}}", "letter")).toHaveLength(1);
    expect(errorsOf("{{links.confirm}}", "email")).toEqual([]);
    expect(errorsOf("{{opening}}", "email")).toHaveLength(1);
    expect(errorsOf("{{content}}", "email")).toHaveLength(1);
    expect(errorsOf("{{content}} {{footer}} {{subject}}", "layout")).toEqual([]);
  });

  it("accepts the documented helpers and comments", () => {
    const source = [
      "{{!-- a comment --}}",
      "{{#ifSupports state.stance}}a{{else ifOpposes state.stance}}b{{else}}c{{/ifSupports}}",
      "{{#ifUndecided state.stance}}u{{/ifUndecided}}",
      "{{#unless supporter.city}}no city{{else}}{{supporter.city}}{{/unless}}",
      "{{opening}} {{closing}}",
    ].join("\n");
    expect(errorsOf(source)).toEqual([]);
  });
});

describe("renderSupporterEmail", () => {
  it.each(
    publicLanguages.flatMap((language) =>
      emailTemplateNames.map((name) => [language, name] as const),
    ),
  )("%s %s renders a text and an HTML part with the footer links", (language, name) => {
    const email = renderFileEmail(name, emailVariables(language), language);
    expect(email.subject).not.toMatch(/\n|undefined/);
    expectCleanText(email.text.replace("\n-- \n", "\n--\n"));
    for (const part of [email.text, email.html]) {
      expect(part).toContain("Ada Lovelace");
      expect(part).toContain("https://act.example.org/unsubscribe/tok");
      expect(part).toContain("https://act.example.org/delete/tok");
    }
    expect(email.html).toContain('<a href="https://act.example.org/unsubscribe/tok">');
    const dir = language === "ar" || language === "fa" ? "rtl" : "ltr";
    expect(email.html).toContain(`<html lang="${language}" dir="${dir}">`);
    expect(email.html).not.toContain('dir="auto"');
    expect(email.html).not.toContain("{{");
  });

  it("escapes every variable in the HTML part, not in the text part", () => {
    const variables = emailVariables("en", {
      supporter: { name: "<script>alert(1)</script>", city: "" },
    });
    const email = renderFileEmail("confirmation", variables);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.text).toContain("Dear <script>alert(1)</script>,");
    // A link keeps its query string intact once the HTML is parsed.
    expect(email.html).toContain(
      'href="https://act.example.org/confirm/abc?x&#x3D;1&amp;y&#x3D;2"',
    );
  });

  it("escapes literal text and keeps paragraphs in the HTML part", () => {
    const unsubscribe = "https://act.example.org/unsubscribe/tok";
    const email = renderSupporterEmail({
      bodySource: "Fish & chips <b>\n{{supporter.name}}\n\nNext",
      footerSource: "{{links.unsubscribe}}",
      layoutHtml: "<main>{{content}}</main><footer>{{footer}}</footer>",
      layoutText: "{{content}}\n\n-- \n{{footer}}",
      subject: "Hi {{supporter.name}}",
      variables: emailVariables(),
    });
    expect(email.html).toBe(
      "<main><p>Fish &amp; chips &lt;b&gt;<br>\nAda Lovelace</p>\n<p>Next</p></main>" +
        `<footer><p><a href="${unsubscribe}">${unsubscribe}</a></p></footer>`,
    );
    expect(email.text).toBe(
      "Fish & chips <b>\nAda Lovelace\n\nNext\n\n-- \nhttps://act.example.org/unsubscribe/tok",
    );
    expect(email.subject).toBe("Hi Ada Lovelace");
  });

  it("strips control characters from the text part and formats numbers for the locale", () => {
    const email = renderFileEmail(
      "receipt",
      emailVariables("fr", { supporter: { name: "Ada\u0000\u001B[31m Lovelace", city: "" } }),
      "fr",
    );
    expect(email.text).toContain("Bonjour Ada[31m Lovelace,");
    expect(email.text).toMatch(/\(Norvège\)\u00A0: 1\u202F234/);
  });

  it("keeps right-to-left names and emoji", () => {
    const email = renderFileEmail(
      "receipt",
      emailVariables("en", { supporter: { name: "مريم 🌍", city: "" } }),
    );
    expect(email.text).toContain("Dear مريم 🌍,");
    expect(email.html).toContain("Dear مريم 🌍,");
  });
});

describe("sanitiseSupporterText", () => {
  it("normalises line ends and strips control characters, keeping tabs and newlines", () => {
    expect(sanitiseSupporterText("  a\r\nb\rc\u0000d\te\u0085\n\n\n\nf  ", 100)).toBe(
      "a\nb\ncd\te\n\nf",
    );
  });

  it("removes bidi overrides and isolates but keeps right-to-left letters", () => {
    expect(sanitiseSupporterText("\u202Eמריה\u202C and \u2067مريم\u2069", 100)).toBe(
      "מריה and مريم",
    );
  });

  it("cuts at maxLength without splitting an emoji", () => {
    expect(sanitiseSupporterText("ab🌍🌍", 3)).toBe("ab🌍");
  });
});

describe("containsLinkOrHtml", () => {
  it.each([
    "see https://example.org",
    "HTTP://EXAMPLE.ORG",
    "visit www.example.org",
    "<a href=x>y</a>",
    "<script>",
    "[click](https://x)",
    "[click](x)",
    "javascript:alert(1)",
  ])("refuses %s", (text) => {
    expect(containsLinkOrHtml(text)).toBe(true);
  });

  it.each([
    "I live in Paris and care about this.",
    "3 < 4 and 5 > 2",
    "Article 13(b) [of the Rome Statute]",
    "e.g. the U.N.",
  ])("accepts %s", (text) => {
    expect(containsLinkOrHtml(text)).toBe(false);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

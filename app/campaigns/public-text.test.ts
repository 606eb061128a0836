import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PublicText } from "~/components/public-text";
import { parsePublicText, publicTextProblem } from "./public-text";

describe("public text", () => {
  it("splits paragraphs on blank lines and joins the lines inside one", () => {
    expect(parsePublicText("First line\nsame paragraph.\r\n\r\nSecond.\n\n\n")).toEqual([
      [{ text: "First line same paragraph." }],
      [{ text: "Second." }],
    ]);
  });

  it("turns [text](https://…) into links and leaves the rest as text", () => {
    expect(parsePublicText("Read [the call](https://example.org/call?a=1) today.")).toEqual([
      [
        { text: "Read " },
        { text: "the call", href: "https://example.org/call?a=1" },
        { text: " today." },
      ],
    ]);
  });

  it("keeps a link to anything but the web as plain text", () => {
    expect(parsePublicText("[x](javascript:alert(1))")).toEqual([
      [{ text: "[x](javascript:alert(1))" }],
    ]);
  });

  it("keeps HTML as text, never as markup", () => {
    expect(parsePublicText("<script>alert(1)</script>")).toEqual([
      [{ text: "<script>alert(1)</script>" }],
    ]);
  });

  it("refuses HTML and non-web links with a message", () => {
    expect(publicTextProblem("Hi <script>alert(1)</script>")).toMatch(/HTML/);
    expect(publicTextProblem("<img src=x onerror=alert(1)>")).toMatch(/HTML/);
    expect(publicTextProblem("[x](javascript:alert)")).toMatch(/https:\/\//);
    expect(publicTextProblem("2 < 3 and [a](https://example.org)")).toBeNull();
  });
});

describe("the rendered public text", () => {
  const render = (source: string) =>
    renderToStaticMarkup(createElement(PublicText, { paragraphs: parsePublicText(source) }));

  it("escapes a script and any HTML: nothing staff type becomes markup", () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(html).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>",
    );
  });

  it("renders web links as links and nothing else", () => {
    expect(render("See [the call](https://example.org/a?b=1&c=2) and [x](javascript:alert)")).toBe(
      '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">the call</a> and [x](javascript:alert)</p>',
    );
  });
});

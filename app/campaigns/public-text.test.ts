import { describe, expect, it } from "vitest";
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

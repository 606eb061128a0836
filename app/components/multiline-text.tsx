import { Fragment } from "react";

/** Blank lines become paragraphs and line breaks stay: no inline styles under our CSP. */
export function MultilineText({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs of a fixed text never reorder.
        <p key={i}>
          {paragraph.split("\n").map((line, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of a fixed text never reorder.
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </>
  );
}

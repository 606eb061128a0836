import type { PublicTextParagraph } from "~/campaigns/public-text";

/** The campaign's public text as React text and links: whatever staff typed stays text. */
export function PublicText({ paragraphs }: { paragraphs: readonly PublicTextParagraph[] }) {
  return (
    <>
      {paragraphs.map((pieces, p) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs never reorder.
        <p key={p}>
          {pieces.map((piece, i) =>
            "href" in piece ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the pieces never reorder.
              <a key={i} href={piece.href} rel="noopener noreferrer">
                {piece.text}
              </a>
            ) : (
              piece.text
            ),
          )}
        </p>
      ))}
    </>
  );
}

import { describe, expect, it } from "vitest";
import { embedUrl, iframeSnippet, linkSnippet } from "./embed-snippets";

const base = {
  appOrigin: "https://act.example.org",
  campaign: { slug: "iran", title: 'Iran: "end impunity"' },
};

describe("embed snippets", () => {
  it("carries only the options set", () => {
    expect(embedUrl({ ...base, lang: "en" })).toBe("https://act.example.org/embed/iran");
    expect(embedUrl({ ...base, lang: "fa", ask: "hrc", source: "amnesty-fr" })).toBe(
      "https://act.example.org/embed/iran?lang=fa&ask=hrc&source=amnesty-fr",
    );
  });
  it("escapes what goes into attributes", () => {
    const snippet = iframeSnippet({ ...base, lang: "fr", source: "a" });
    expect(snippet).toContain('src="https://act.example.org/embed/iran?lang=fr&amp;source=a"');
    expect(snippet).toContain('title="Iran: &quot;end impunity&quot;"');
    expect(snippet).toContain('<script src="https://act.example.org/embed.js" async></script>');
    expect(linkSnippet({ ...base, lang: "en", label: "Write <now>" })).toBe(
      '<a href="https://act.example.org/c/iran/write" rel="noopener">Write &lt;now&gt;</a>',
    );
  });
});

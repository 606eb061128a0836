import { defaultPublicLanguage, type PublicLanguage } from "~/i18n/languages";

/** What partners paste: the frame with its resize script, and a plain link for sites without frames. */
export interface EmbedSnippetOptions {
  /** The Démarche site's origin, e.g. https://act.example.org. */
  appOrigin: string;
  campaign: { slug: string; title: string };
  lang: PublicLanguage;
  ask?: string;
  source?: string;
}

function escapeAttribute(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );
}

export function embedUrl(options: EmbedSnippetOptions): string {
  const search = new URLSearchParams();
  if (options.lang !== defaultPublicLanguage) search.set("lang", options.lang);
  if (options.ask) search.set("ask", options.ask);
  if (options.source) search.set("source", options.source);
  const query = search.toString();
  return `${options.appOrigin}/embed/${options.campaign.slug}${query ? `?${query}` : ""}`;
}

/** The iframe at a fixed height that works without JavaScript; the script makes it fit. */
export function iframeSnippet(options: EmbedSnippetOptions): string {
  return [
    `<iframe src="${escapeAttribute(embedUrl(options))}" title="${escapeAttribute(options.campaign.title)}"`,
    `  data-demarche-embed loading="lazy" style="width:100%;max-width:40rem;height:1400px;border:0"></iframe>`,
    `<script src="${escapeAttribute(options.appOrigin)}/embed.js" async></script>`,
  ].join("\n");
}

/** For sites that allow no frames: a link to the campaign's own write page. */
export function linkSnippet(options: EmbedSnippetOptions & { label: string }): string {
  const href = `${options.appOrigin}/c/${options.campaign.slug}/write`;
  return `<a href="${escapeAttribute(href)}" rel="noopener">${escapeAttribute(options.label)}</a>`;
}

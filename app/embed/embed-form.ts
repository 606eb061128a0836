/** What the embed page and its server module share. */

/** The hidden field carrying the signed embed token (app/embed/embed-csrf.server.ts). */
export const embedTokenField = "embed_token";

/** The consent checkbox of a partner's news list. */
export const newsConsentField = "newsConsent";

/**
 * Posts the page's height to the framing page whenever it changes; the
 * partner's copy of public/embed.js checks our origin and sets the frame's
 * height. A height is all it says: `*` as the target leaks nothing.
 */
export const resizeScript = `(function(){var last=0;function post(){var h=Math.ceil(document.documentElement.scrollHeight);if(h!==last&&window.parent!==window){last=h;window.parent.postMessage({demarcheEmbedHeight:h},"*")}}post();addEventListener("load",post);if(window.ResizeObserver)new ResizeObserver(post).observe(document.documentElement)})();`;

/*
 * Démarche embed: resizes the campaign's frame to its content. Paste after the
 * <iframe data-demarche-embed ...> (docs/embedding.md). It listens only to
 * messages from the Démarche site this script came from, and reads only a
 * height from them. Without it, the frame keeps its fixed height.
 */
(() => {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src).origin;
  window.addEventListener("message", (event) => {
    if (event.origin !== origin) return;
    const height = event.data?.demarcheEmbedHeight;
    if (typeof height !== "number" || !(height > 0) || height > 20000) return;
    for (const frame of document.querySelectorAll("iframe[data-demarche-embed]")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(height)}px`;
    }
  });
})();

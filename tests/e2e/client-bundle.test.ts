import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The browser bundle `remix build` wrote (public/build) uses no Node-only API. A module a page
 * imports for a label once pulled csv-parse, and with it `Buffer`, into the browser, where it
 * throws `ReferenceError: Buffer is not defined` and the page never hydrates. Server-only code
 * lives in `*.server.ts`, which the compiler empties in the browser bundle.
 */
const nodeOnly = [
  /\bBuffer\.(from|alloc|allocUnsafe|isBuffer|concat|byteLength|compare)\b/,
  /\brequire\(["'](node:)?(fs|path|os|crypto|stream|buffer|net|tls|zlib|child_process|http|https|util|events)["']\)/,
  /["']node:[a-z_/]+["']/,
  /\b__dirname\b/,
  /\bprocess\.(cwd|hrtime|nextTick|platform|versions|env)\b/,
];

async function bundleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".js"))
    .map((e) => join(e.parentPath, e.name));
}

describe("the browser bundle", () => {
  it("holds no Node-only code", async () => {
    const files = await bundleFiles("public/build");
    expect(files.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const file of files) {
      const text = await readFile(file, "utf8");
      for (const pattern of nodeOnly) {
        const match = pattern.exec(text);
        if (match)
          leaks.push(`${file}: ${text.slice(Math.max(0, match.index - 80), match.index + 40)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

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

/**
 * Supporters' pages load no server-only library: esbuild keeps a module's top-level calls
 * (a zod schema) whenever anything of it is imported, so a public route importing a helper from
 * a module with a schema sent all of zod (96 KB gzip) to every supporter. Read from the build's
 * metafile: every route outside /staff and /api, with the root and the client entry.
 */
interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      imports: { path: string; kind: string }[];
      inputs: Record<string, unknown>;
    }
  >;
}

function loadedWith(metafile: Metafile, output: string, seen = new Set<string>()): Set<string> {
  if (seen.has(output)) return seen;
  seen.add(output);
  for (const i of metafile.outputs[output]?.imports ?? []) {
    if (i.kind === "import-statement") loadedWith(metafile, i.path, seen);
  }
  return seen;
}

describe("the public pages' browser modules", () => {
  it("carry no server-only library", async () => {
    const metafile: Metafile = JSON.parse(await readFile("build/metafile.js.json", "utf8"));
    const outputs = Object.entries(metafile.outputs);
    const entry = (pattern: RegExp) => outputs.filter(([, o]) => pattern.test(o.entryPoint ?? ""));
    const publicRoutes = entry(/^browser-route-module:routes\/(?!staff|api\.)/);
    const shared = [...entry(/entry\.client/), ...entry(/^browser-route-module:root\./)];
    expect(publicRoutes.length).toBeGreaterThan(8);
    expect(shared).toHaveLength(2);
    const leaks: string[] = [];
    for (const [output, { entryPoint }] of [...publicRoutes, ...shared]) {
      for (const file of loadedWith(metafile, output)) {
        const serverOnly = Object.keys(metafile.outputs[file]?.inputs ?? {}).filter((input) =>
          /node_modules\/zod\//.test(input),
        );
        if (serverOnly.length > 0) leaks.push(`${entryPoint}: ${file} bundles zod`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

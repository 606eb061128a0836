import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The URL pattern of every route module in app/routes, from its file name by
 * Remix's flat-routes rules (`c.$campaign_.write.tsx` is `/c/:campaign/write`),
 * so tests cover a new route without anyone listing it.
 */
export function routeFilePatterns(dir = "app/routes"): string[] {
  const patterns = readdirSync(dir)
    .filter((name) => !name.startsWith(".") && !/\.test\.tsx?$/.test(name))
    .map((name) =>
      statSync(join(dir, name)).isDirectory() ? name : name.replace(/\.(tsx?|jsx?)$/, ""),
    )
    .map(patternOf)
    .filter((pattern) => !pattern.includes("*"));
  return [...new Set(patterns)].sort();
}

function patternOf(routeName: string): string {
  const segments = routeName.match(/(?:\[[^\]]*\]|[^.])+/g) ?? [];
  const path = segments
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) =>
      segment
        .replace(/_$/, "")
        .replace(/^\$$/, "*")
        .replace(/^\$/, ":")
        .replace(/\[([^\]]*)\]/g, "$1"),
    )
    .join("/");
  return `/${path}`;
}

/** A path for the pattern with each parameter given by `value(name)`. */
export function fillPattern(pattern: string, value: (name: string) => string): string {
  return pattern.replace(/:([\w-]+)/g, (_, name: string) => value(name));
}

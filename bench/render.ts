import { pathToFileURL } from "node:url";
import Handlebars from "handlebars";
import { type LetterVariables, renderLetter } from "~/templates/letter-template";
import { fileTemplate } from "~/templates/template-files.server";
import type { BenchRow } from "./run";

/**
 * Letters rendered per second by `renderLetter` on the shipped English
 * template, against plain Handlebars compiling the same template once and
 * rendering the same data: what our validation, sanitising and variation
 * choice cost on top of Handlebars itself. Every letter here has the same
 * supporter, so renderLetter cleans their name, city and paragraph once, as it
 * does across the letters of one submission; a letter from a new supporter
 * pays for that cleaning too.
 *
 * A second, informational row compares with Handlebars set up much as Démarche
 * sets up its own: without the built-in helpers the template does not use,
 * which Handlebars otherwise wraps again on every render (Démarche goes one
 * step further: the subject and the body each get only the helpers they call).
 * It shows how much of the first ratio comes from that set-up.
 */

const variables: LetterVariables = {
  supporter: { name: "Marie Dubois", city: "Lyon" },
  personalParagraph:
    "I have family in Iran and have followed the news of the protests every day. " +
    "Several of my friends' relatives have been arrested.\n\nI ask you to act now.",
  target: {
    name: "Ministry for Europe and Foreign Affairs",
    salutation: "Excellency",
    kind: "ministry",
  },
  state: { name: "France", stance: "no_information" },
  ask: {
    title: "Convene a special session of the Human Rights Council",
    description:
      "A third of the Council's members (16 of 47) can request a special session on the killings.",
  },
  campaign: { title: "Iran: end impunity for the killing of protesters" },
  date: "26 November 2026",
  language: "en",
};

type Render = (i: number) => string;

function demarcheRender(): Render {
  const template = fileTemplate("letter", "en");
  return (i) => {
    const letter = renderLetter({
      subject: template.subject,
      body: template.body,
      openings: template.openings,
      closings: template.closings,
      variables,
      variationSeed: `supporter-${i}:ask-1:ministry`,
    });
    return letter.body;
  };
}

// Everything Handlebars.create() registers that the shipped template does not call.
const unusedBuiltInHelpers = [
  "each",
  "with",
  "lookup",
  "log",
  "unless",
  "helperMissing",
  "blockHelperMissing",
];

/** The same sources on a bare Handlebars, with the least the template needs to run. */
function plainHandlebarsRender(options: { withoutUnusedBuiltIns: boolean }): Render {
  const template = fileTemplate("letter", "en");
  const hbs = Handlebars.create();
  if (options.withoutUnusedBuiltIns) {
    for (const name of unusedBuiltInHelpers) hbs.unregisterHelper(name);
  }
  const stance = (wanted: string[]): Handlebars.HelperDelegate =>
    function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
      return wanted.includes(String(value)) ? options.fn(this) : options.inverse(this);
    };
  hbs.registerHelper({
    ifSupports: stance(["supports", "leaning_support", "yes"]),
    ifOpposes: stance(["opposes", "leaning_oppose", "no"]),
    opening: (options: Handlebars.HelperOptions) => options.data.opening,
    closing: (options: Handlebars.HelperOptions) => options.data.closing,
  });
  const subject = hbs.compile(template.subject, { noEscape: true });
  const body = hbs.compile(template.body, { noEscape: true });
  const { openings, closings } = template;
  return (i) => {
    const data = {
      opening: openings[i % openings.length],
      closing: closings[i % closings.length],
    };
    subject(variables, { data });
    return body(variables, { data });
  };
}

/** Renders for `ms` milliseconds and returns renders per second. */
function rate(render: Render, ms: number): number {
  let count = 0;
  let checksum = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    // Batches keep the clock out of the measurement.
    for (let j = 0; j < 200; j++) checksum += render(count++).length;
    elapsed = performance.now() - started;
  }
  if (checksum === 0) throw new Error("nothing rendered");
  return (count / elapsed) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchRender(options: { seconds?: number } = {}): Promise<BenchRow[]> {
  const renders = [
    demarcheRender(),
    plainHandlebarsRender({ withoutUnusedBuiltIns: false }),
    plainHandlebarsRender({ withoutUnusedBuiltIns: true }),
  ];
  // Warm-up: compile caches and JIT for all.
  for (const render of renders) rate(render, 500);
  const rounds = 5;
  const slice = ((options.seconds ?? 5) * 1000) / rounds / renders.length;
  const rates: number[][] = renders.map(() => []);
  // Interleaved rounds, so drift in the machine's speed hits all alike.
  for (let round = 0; round < rounds; round++) {
    for (const [i, render] of renders.entries()) rates[i]?.push(rate(render, slice));
  }
  const [demarche = 0, plain = 0, trimmed = 0] = rates.map(median);
  return [
    {
      name: "render letters/s",
      demarche,
      baseline: plain,
      baselineName: "plain Handlebars, same template and data",
      target: "≥ 90%",
      met: demarche / plain >= 0.9,
    },
    {
      name: "render letters/s, like for like",
      demarche,
      baseline: trimmed,
      baselineName: "the same, without the built-in helpers the template does not use",
      target: "",
      met: null,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchRender());
}

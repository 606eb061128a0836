import { isCleanLine, tidyText } from "~/letters/text-hygiene";
import type { LetterPart } from "./template-literals";

/**
 * Decides, once per template, whether its letters can skip the final tidying:
 * true when every way the template can render comes out clean already.
 */

/** Renders the part with these values; a variable it does not mention is set ("x"). */
export type SampleRender = (values: Readonly<Record<string, string>>) => string;

// One value of each kind the stance helpers tell apart, and the empty stance.
const stanceSamples = ["supports", "opposes", "no_information", ""];

/**
 * Whether a letter part renders clean (nothing for singleLine or tidyText to
 * change) whatever the letter's values, provided each is clean itself. Renders
 * every combination of the varying values empty and set, a set value being
 * "x": a clean value starts and ends with a visible character and holds nothing
 * tidying would change, so the text around it tidies just as it does around "x".
 *
 * @param varying the variables that may be empty (or, state.stance, of any kind)
 */
export function rendersClean(
  render: SampleRender,
  part: LetterPart,
  varying: readonly string[],
): boolean {
  const isClean = part === "subject" ? isCleanLine : (text: string) => tidyText(text) === text;
  return sampleValues(varying).every((values) => {
    try {
      return isClean(render(values));
    } catch {
      return false;
    }
  });
}

function sampleValues(varying: readonly string[]): Record<string, string>[] {
  let samples: Record<string, string>[] = [{}];
  for (const name of varying) {
    const values = name === "state.stance" ? stanceSamples : ["x", ""];
    samples = samples.flatMap((sample) => values.map((value) => ({ ...sample, [name]: value })));
  }
  return samples;
}

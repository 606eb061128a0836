import { z } from "zod";

/**
 * The query strings of the pages a supporter lands on after writing. Any
 * value that does not fit falls back: these pages never fail on a bad link.
 */
const country = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .catch("");

const sentQuery = z.object({
  status: z
    .enum(["awaiting_confirmation", "queued", "awaiting_contact"])
    .catch("awaiting_confirmation"),
  country,
});

const thanksQuery = z.object({
  country,
  again: z.literal("1").optional().catch(undefined),
});

const queryValues = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** `/c/{campaign}/sent`: what happened to the letter, and the supporter's country. */
export const sentPageQuery = (url: string) => sentQuery.parse(queryValues(url));

/** `/c/{campaign}/thanks`: the supporter's country, and whether they wrote once more. */
export const thanksPageQuery = (url: string) => thanksQuery.parse(queryValues(url));

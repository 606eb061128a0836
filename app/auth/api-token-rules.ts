import { z } from "zod";

// Client-safe: the tokens page renders these choices; api-tokens.server.ts enforces them.
export const tokenNameSchema = z.string().trim().min(1, "Give the token a name").max(80);

export const defaultTokenDays = 90;
const maxTokenDays = 3650;

/** Days until a token expires, or "never" (null), as a form or the command line gives it. */
export const tokenExpirySchema = z.union([
  z.literal("never").transform(() => null),
  z.coerce
    .number({ message: `Give a number of days from 1 to ${maxTokenDays}, or never` })
    .int(`Give a whole number of days from 1 to ${maxTokenDays}, or never`)
    .min(1, `Give a number of days from 1 to ${maxTokenDays}, or never`)
    .max(maxTokenDays, `Give a number of days from 1 to ${maxTokenDays}, or never`),
]);

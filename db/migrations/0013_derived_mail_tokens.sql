ALTER TABLE "letters" ALTER COLUMN "bounce_token" DROP NOT NULL;--> statement-breakpoint
-- New letters' tokens are derived from their id and SESSION_SECRET; the random tokens of letters
-- already sent stay usable for their replies, but only as a hash (seed:scale's markers stay).
UPDATE "letters" SET "bounce_token" = encode(sha256(convert_to("bounce_token", 'UTF8')), 'hex')
WHERE "bounce_token" IS NOT NULL AND "bounce_token" NOT LIKE 'scale:%';

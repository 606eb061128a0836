ALTER TABLE "letters" ADD COLUMN "pending_supporter" jsonb;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "follow_up_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supporters" ADD COLUMN "manage_token_expires_at" timestamp with time zone;--> statement-breakpoint
-- Appended by hand: the links' tokens were stored in clear; keep only their
-- SHA-256 (the app now hashes what a link carries) and let them expire.
UPDATE "supporters" SET "manage_token" = encode(sha256(convert_to("manage_token", 'UTF8')), 'hex'), "manage_token_expires_at" = now() + interval '90 days' WHERE "anonymised_at" IS NULL;--> statement-breakpoint
UPDATE "letters" SET "follow_up_token" = encode(sha256(convert_to("follow_up_token", 'UTF8')), 'hex'), "follow_up_expires_at" = coalesce("sent_at", now()) + interval '90 days' WHERE "follow_up_token" IS NOT NULL;

ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_users" DROP COLUMN "failed_sign_ins";--> statement-breakpoint
ALTER TABLE "staff_users" DROP COLUMN "locked_until";
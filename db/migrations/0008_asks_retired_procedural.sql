ALTER TYPE "public"."decision_rule" ADD VALUE 'unsc_procedural' BEFORE 'unga_resolution';--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "retired_at" timestamp with time zone;
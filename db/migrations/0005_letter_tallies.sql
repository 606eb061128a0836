CREATE TYPE "public"."letter_event" AS ENUM('started', 'confirmed', 'sent', 'bounced', 'replied');--> statement-breakpoint
CREATE TYPE "public"."tally_span" AS ENUM('hour', 'day', 'month');--> statement-breakpoint
CREATE TABLE "letter_delivery_changes" (
	"campaign_id" integer NOT NULL,
	"ask_id" integer NOT NULL,
	"state_iso3" text NOT NULL,
	"day" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_delivery_tallies" (
	"campaign_id" integer NOT NULL,
	"ask_id" integer NOT NULL,
	"state_iso3" text NOT NULL,
	"day" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "letter_delivery_tallies_key" UNIQUE("campaign_id","ask_id","state_iso3","day")
);
--> statement-breakpoint
CREATE TABLE "letter_event_changes" (
	"campaign_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"event" "letter_event" NOT NULL,
	"n" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_event_tallies" (
	"campaign_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"event" "letter_event" NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "letter_event_tallies_key" UNIQUE("campaign_id","hour","event")
);
--> statement-breakpoint
CREATE TABLE "letter_tallies" (
	"campaign_id" integer NOT NULL,
	"span" "tally_span" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"state_iso3" text NOT NULL,
	"language" text NOT NULL,
	"ask_id" integer NOT NULL,
	"target_kind" "contact_kind" NOT NULL,
	"answered_after" smallint,
	"started" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"bounced" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"replied_by_supporter" integer DEFAULT 0 NOT NULL,
	"replied_by_email" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "letter_tallies_key" UNIQUE NULLS NOT DISTINCT("campaign_id","span","starts_at","state_iso3","language","ask_id","target_kind","answered_after")
);
--> statement-breakpoint
CREATE TABLE "letter_tally_changes" (
	"campaign_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"state_iso3" text NOT NULL,
	"language" text NOT NULL,
	"ask_id" integer NOT NULL,
	"target_kind" "contact_kind" NOT NULL,
	"answered_after" smallint,
	"started" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"bounced" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"replied_by_supporter" integer DEFAULT 0 NOT NULL,
	"replied_by_email" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "replied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "replied_by_supporter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "replied_by_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "first_response_on" date;
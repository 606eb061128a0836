CREATE TYPE "public"."contact_kind" AS ENUM('ministry', 'geneva', 'new_york');--> statement-breakpoint
CREATE TYPE "public"."letter_status" AS ENUM('awaiting_confirmation', 'awaiting_contact', 'queued', 'sent', 'failed', 'bounced', 'suppressed');--> statement-breakpoint
CREATE TABLE "state_contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"state_iso3" text NOT NULL,
	"kind" "contact_kind" NOT NULL,
	"name" text NOT NULL,
	"emails" text[] DEFAULT '{}' NOT NULL,
	"postal_address" text,
	"salutations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"time_zone" text,
	"verified_by" text,
	"verified_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "state_contacts_state_kind" UNIQUE("state_iso3","kind")
);
--> statement-breakpoint
CREATE TABLE "dev_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"envelope_from" text NOT NULL,
	"envelope_to" text[] NOT NULL,
	"subject" text,
	"raw" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"ask_id" integer,
	"language" text NOT NULL,
	"target_kind" "contact_kind" NOT NULL,
	"version" integer NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"openings" text[] DEFAULT '{}' NOT NULL,
	"closings" text[] DEFAULT '{}' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_templates_version" UNIQUE NULLS NOT DISTINCT("campaign_id","ask_id","language","target_kind","version")
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"ask_id" integer NOT NULL,
	"supporter_id" integer,
	"state_iso3" text NOT NULL,
	"target_kind" "contact_kind" NOT NULL,
	"contact_id" integer,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text,
	"personal_paragraph" text,
	"template_id" integer,
	"template_version" text NOT NULL,
	"status" "letter_status" NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"confirm_reminder_sent_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"bounce_token" text NOT NULL,
	"failure_reason" text,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"scrubbed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letters_one_per_target" UNIQUE("supporter_id","ask_id","state_iso3","target_kind")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "supporters" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text,
	"name" text,
	"city" text,
	"country_iso3" text NOT NULL,
	"language" text NOT NULL,
	"consent_updates" boolean DEFAULT false NOT NULL,
	"ip_hash" text,
	"manage_token" text NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "target_kinds" "contact_kind"[] DEFAULT '{ministry}' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "sender_email" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "confirm_before_send" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "reply_to_supporter" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "copy_to_supporter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "letters_per_target_per_hour" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "office_hours_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "follow_up_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "state_contacts" ADD CONSTRAINT "state_contacts_state_iso3_states_iso3_fk" FOREIGN KEY ("state_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_templates" ADD CONSTRAINT "letter_templates_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_templates" ADD CONSTRAINT "letter_templates_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_templates" ADD CONSTRAINT "letter_templates_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_supporter_id_supporters_id_fk" FOREIGN KEY ("supporter_id") REFERENCES "public"."supporters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_state_iso3_states_iso3_fk" FOREIGN KEY ("state_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_contact_id_state_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."state_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_template_id_letter_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."letter_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporters" ADD CONSTRAINT "supporters_country_iso3_states_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "letters_confirm_token" ON "letters" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_bounce_token" ON "letters" USING btree ("bounce_token");--> statement-breakpoint
CREATE INDEX "letters_campaign_status" ON "letters" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "letters_state" ON "letters" USING btree ("state_iso3","status");--> statement-breakpoint
CREATE UNIQUE INDEX "supporters_email" ON "supporters" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "supporters_manage_token" ON "supporters" USING btree ("manage_token");
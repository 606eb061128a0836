CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."decision_rule" AS ENUM('hrc_special_session', 'hrc_resolution', 'unsc_substantive', 'unga_resolution', 'state_action');--> statement-breakpoint
CREATE TYPE "public"."body_code" AS ENUM('hrc', 'unsc', 'unga');--> statement-breakpoint
CREATE TYPE "public"."regional_group" AS ENUM('African', 'Asia-Pacific', 'Eastern European', 'GRULAC', 'WEOG');--> statement-breakpoint
CREATE TYPE "public"."un_status" AS ENUM('member', 'observer');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('admin', 'editor', 'viewer');--> statement-breakpoint
CREATE TABLE "asks" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"body_code" "body_code",
	"decision_rule" "decision_rule" NOT NULL,
	"decision_date" date,
	"important_question" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "asks_body_decides" CHECK ("asks"."decision_rule" = 'state_action' or "asks"."body_code" is not null)
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"source_url" text,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"starts_on" date NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "bodies" (
	"code" "body_code" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"seats" integer
);
--> statement-breakpoint
CREATE TABLE "body_terms" (
	"id" serial PRIMARY KEY NOT NULL,
	"body_code" "body_code" NOT NULL,
	"state_iso3" text NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"permanent" boolean DEFAULT false NOT NULL,
	"source_ids" text[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "body_terms_unique" UNIQUE NULLS NOT DISTINCT("body_code","state_iso3","starts_on"),
	CONSTRAINT "body_terms_dates" CHECK ("body_terms"."ends_on" is null or "body_terms"."starts_on" is null or "body_terms"."ends_on" >= "body_terms"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "rome_statute_parties" (
	"state_iso3" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"party_since" date,
	"withdrawal_effective" date,
	"note" text,
	"source_ids" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "states" (
	"iso3" text PRIMARY KEY NOT NULL,
	"iso2" text NOT NULL,
	"iso_numeric" text NOT NULL,
	"name" text NOT NULL,
	"official_name" text,
	"names" jsonb NOT NULL,
	"un_status" "un_status" NOT NULL,
	"regional_group" "regional_group",
	CONSTRAINT "states_iso2_unique" UNIQUE("iso2")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text,
	"role" "staff_role" NOT NULL,
	"password_hash" text NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "asks" ADD CONSTRAINT "asks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_terms" ADD CONSTRAINT "body_terms_state_iso3_states_iso3_fk" FOREIGN KEY ("state_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_staff_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asks_campaign_slug" ON "asks" USING btree ("campaign_id","slug");--> statement-breakpoint
CREATE INDEX "body_terms_asof" ON "body_terms" USING btree ("body_code","starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_entity" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "staff_sessions_user" ON "staff_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_email" ON "staff_users" USING btree (lower("email"));
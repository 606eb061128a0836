CREATE TYPE "public"."report_kind" AS ENUM('replied', 'acknowledged', 'no_reply');--> statement-breakpoint
CREATE TYPE "public"."report_source" AS ENUM('supporter', 'email');--> statement-breakpoint
CREATE TYPE "public"."response_channel" AS ENUM('email', 'note_verbale', 'letter', 'meeting', 'public_statement', 'vote_explanation');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('pending', 'accepted', 'merged', 'rejected');--> statement-breakpoint
CREATE TABLE "delegation_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"state_iso3" text NOT NULL,
	"channel" "response_channel" NOT NULL,
	"received_on" date NOT NULL,
	"responder" text,
	"summary" text NOT NULL,
	"full_text" text,
	"visibility" "visibility" DEFAULT 'internal' NOT NULL,
	"letter_id" integer,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"source" "report_source" NOT NULL,
	"kind" "report_kind" NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"subject" text,
	"text" text,
	"from_address" text,
	"message_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "review_status" DEFAULT 'pending' NOT NULL,
	"response_id" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "response_asks" (
	"response_id" integer NOT NULL,
	"ask_id" integer NOT NULL,
	CONSTRAINT "response_asks_response_id_ask_id_pk" PRIMARY KEY("response_id","ask_id")
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "follow_up_token" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "follow_up_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "follow_up_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "position_events" ADD COLUMN "response_id" integer;--> statement-breakpoint
ALTER TABLE "delegation_responses" ADD CONSTRAINT "delegation_responses_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegation_responses" ADD CONSTRAINT "delegation_responses_state_iso3_states_iso3_fk" FOREIGN KEY ("state_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegation_responses" ADD CONSTRAINT "delegation_responses_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegation_responses" ADD CONSTRAINT "delegation_responses_recorded_by_staff_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_reports" ADD CONSTRAINT "reply_reports_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_reports" ADD CONSTRAINT "reply_reports_response_id_delegation_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."delegation_responses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_reports" ADD CONSTRAINT "reply_reports_reviewed_by_staff_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_asks" ADD CONSTRAINT "response_asks_response_id_delegation_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."delegation_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_asks" ADD CONSTRAINT "response_asks_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegation_responses_campaign" ON "delegation_responses" USING btree ("campaign_id","received_on");--> statement-breakpoint
CREATE INDEX "delegation_responses_state" ON "delegation_responses" USING btree ("state_iso3");--> statement-breakpoint
CREATE INDEX "reply_reports_status" ON "reply_reports" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "reply_reports_letter" ON "reply_reports" USING btree ("letter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_follow_up_token" ON "letters" USING btree ("follow_up_token");--> statement-breakpoint
CREATE INDEX "letters_contact_sent" ON "letters" USING btree ("contact_id","sent_at");--> statement-breakpoint
CREATE INDEX "letters_campaign_created" ON "letters" USING btree ("campaign_id","created_at");
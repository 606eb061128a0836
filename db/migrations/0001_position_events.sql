CREATE TYPE "public"."confidence" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TYPE "public"."position_value" AS ENUM('supports', 'leaning_support', 'undecided', 'leaning_oppose', 'opposes', 'abstain', 'no_information', 'yes', 'no', 'absent');--> statement-breakpoint
CREATE TYPE "public"."visibility" AS ENUM('public', 'internal');--> statement-breakpoint
CREATE TABLE "position_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"ask_id" integer NOT NULL,
	"state_iso3" text NOT NULL,
	"position" "position_value" NOT NULL,
	"observed_on" date NOT NULL,
	"source_url" text,
	"source_title" text,
	"evidence" text,
	"confidence" "confidence" DEFAULT 'medium' NOT NULL,
	"visibility" "visibility" DEFAULT 'internal' NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "position_events_sourced" CHECK ("position_events"."source_url" is not null or "position_events"."source_title" is not null or "position_events"."evidence" is not null)
);
--> statement-breakpoint
ALTER TABLE "position_events" ADD CONSTRAINT "position_events_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_events" ADD CONSTRAINT "position_events_state_iso3_states_iso3_fk" FOREIGN KEY ("state_iso3") REFERENCES "public"."states"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_events" ADD CONSTRAINT "position_events_recorded_by_staff_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "position_events_latest" ON "position_events" USING btree ("ask_id","state_iso3","observed_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "position_events_state" ON "position_events" USING btree ("state_iso3");
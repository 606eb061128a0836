CREATE TABLE "embed_origins" (
	"campaign_id" integer NOT NULL,
	"origin" text NOT NULL,
	CONSTRAINT "embed_origins_campaign_id_origin_pk" PRIMARY KEY("campaign_id","origin")
);
--> statement-breakpoint
CREATE TABLE "embed_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"partner_name" text NOT NULL,
	"consent_text" text
);
--> statement-breakpoint
CREATE TABLE "letter_sources" (
	"letter_id" integer PRIMARY KEY NOT NULL,
	"source_code" text,
	"origin" text,
	"news_consent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "embed_origins" ADD CONSTRAINT "embed_origins_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "embed_sources" ADD CONSTRAINT "embed_sources_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_sources" ADD CONSTRAINT "letter_sources_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "embed_sources_campaign_code" ON "embed_sources" USING btree ("campaign_id","code");
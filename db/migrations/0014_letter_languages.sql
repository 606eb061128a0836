ALTER TABLE "campaigns" ALTER COLUMN "languages" SET DEFAULT '{en,fr,es,ar,zh,ru,de,pt,fa}';--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "supporter_language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
-- Data migration (appended by hand, not generated): until now supporters' e-mails were in the
-- letter's language, so letters written before keep that language for their reminders,
-- receipts and follow-ups.
UPDATE "letters" SET "supporter_language" = "language" WHERE "language" IN ('fr', 'es');--> statement-breakpoint
-- The demo campaign offers every letter language; its demo contacts of Germany and Brazil
-- are written to in German and Portuguese now that those templates exist.
UPDATE "campaigns" SET "languages" = '{en,fr,es,ar,zh,ru,de,pt,fa}' WHERE "is_demo";--> statement-breakpoint
UPDATE "state_contacts" SET "language" = 'de' WHERE "is_demo" AND "state_iso3" = 'DEU';--> statement-breakpoint
UPDATE "state_contacts" SET "language" = 'pt' WHERE "is_demo" AND "state_iso3" = 'BRA';

CREATE INDEX "letters_campaign_confirmed" ON "letters" USING btree ("campaign_id","confirmed_at");--> statement-breakpoint
CREATE INDEX "letters_campaign_sent" ON "letters" USING btree ("campaign_id","sent_at","status");--> statement-breakpoint
CREATE INDEX "letters_campaign_ask_state_sent" ON "letters" USING btree ("campaign_id","ask_id","state_iso3","sent_at","status");
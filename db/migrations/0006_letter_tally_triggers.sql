-- The dashboard's summary tables (db/schema/metrics.ts) are kept by triggers,
-- so that every path that writes letters, reply reports or delegation
-- responses keeps them right without knowing about them.

-- What one letter adds to the cohort tallies (sign -1 takes it away again).
CREATE FUNCTION letter_tally_row(l letters, sign integer)
RETURNS TABLE (
  campaign_id integer, hour timestamptz, state_iso3 text, language text, ask_id integer,
  target_kind contact_kind, answered_after smallint, started integer, confirmed integer,
  sent integer, delivered integer, bounced integer, replied integer,
  replied_by_supporter integer, replied_by_email integer, answered integer
)
LANGUAGE sql STABLE AS $$
  SELECT l.campaign_id, date_trunc('hour', l.created_at, 'UTC'), l.state_iso3, l.language,
    l.ask_id, l.target_kind,
    -- Whole UTC days from the day it was sent to the day of the first answer.
    CASE WHEN a.answered THEN greatest(
      least((l.replied_at AT TIME ZONE 'UTC')::date, l.first_response_on)
        - (l.sent_at AT TIME ZONE 'UTC')::date, 0)::smallint END,
    sign, sign * (l.confirmed_at IS NOT NULL)::int, sign * (l.sent_at IS NOT NULL)::int,
    sign * d.delivered::int, sign * (l.status = 'bounced')::int,
    sign * (l.replied_at IS NOT NULL)::int, sign * l.replied_by_supporter::int,
    sign * l.replied_by_email::int, sign * a.answered::int
  FROM (SELECT l.sent_at IS NOT NULL AND l.status <> 'bounced' AS delivered) d,
    LATERAL (SELECT d.delivered
      AND (l.replied_at IS NOT NULL OR l.first_response_on IS NOT NULL) AS answered) a
$$;
--> statement-breakpoint
-- Each step on the hour it happened, for the daily series. Bounces have no
-- time of their own: they count when the letter was sent.
CREATE FUNCTION letter_event_rows(l letters, sign integer)
RETURNS TABLE (campaign_id integer, hour timestamptz, event letter_event, n integer)
LANGUAGE sql STABLE AS $$
  SELECT l.campaign_id, date_trunc('hour', e.at, 'UTC'), e.event, sign
  FROM (VALUES
    ('started'::letter_event, l.created_at),
    ('confirmed'::letter_event, l.confirmed_at),
    ('sent'::letter_event, l.sent_at),
    ('bounced'::letter_event, CASE WHEN l.status = 'bounced' THEN l.sent_at END),
    ('replied'::letter_event, l.replied_at)
  ) AS e (event, at)
  WHERE e.at IS NOT NULL
$$;
--> statement-breakpoint
-- A delivered letter (sent, not bounced) on the UTC day it was sent.
CREATE FUNCTION letter_delivery_rows(l letters, sign integer)
RETURNS TABLE (campaign_id integer, ask_id integer, state_iso3 text, day date, n integer)
LANGUAGE sql STABLE AS $$
  SELECT l.campaign_id, l.ask_id, l.state_iso3, (l.sent_at AT TIME ZONE 'UTC')::date, sign
  WHERE l.sent_at IS NOT NULL AND l.status <> 'bounced'
$$;
--> statement-breakpoint
CREATE FUNCTION letters_record_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Bulk loads (npm run seed:scale) switch this off and rebuild the tallies after.
  IF current_setting('demarche.defer_letter_tallies', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO letter_tally_changes SELECT * FROM letter_tally_row(OLD, -1);
    INSERT INTO letter_event_changes SELECT * FROM letter_event_rows(OLD, -1);
    INSERT INTO letter_delivery_changes SELECT * FROM letter_delivery_rows(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO letter_tally_changes SELECT * FROM letter_tally_row(NEW, 1);
    INSERT INTO letter_event_changes SELECT * FROM letter_event_rows(NEW, 1);
    INSERT INTO letter_delivery_changes SELECT * FROM letter_delivery_rows(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER letters_tally_insert_delete AFTER INSERT OR DELETE ON letters
FOR EACH ROW EXECUTE FUNCTION letters_record_tally_change();
--> statement-breakpoint
-- Most updates (tokens, message ids, bodies scrubbed) change no count.
CREATE TRIGGER letters_tally_update AFTER UPDATE ON letters
FOR EACH ROW WHEN (
  (OLD.campaign_id, OLD.created_at, OLD.state_iso3, OLD.language, OLD.ask_id, OLD.target_kind,
   OLD.confirmed_at, OLD.sent_at, OLD.status = 'bounced', OLD.replied_at,
   OLD.replied_by_supporter, OLD.replied_by_email, OLD.first_response_on)
  IS DISTINCT FROM
  (NEW.campaign_id, NEW.created_at, NEW.state_iso3, NEW.language, NEW.ask_id, NEW.target_kind,
   NEW.confirmed_at, NEW.sent_at, NEW.status = 'bounced', NEW.replied_at,
   NEW.replied_by_supporter, NEW.replied_by_email, NEW.first_response_on)
) EXECUTE FUNCTION letters_record_tally_change();
--> statement-breakpoint
-- A reply counts when a person sent it (not an auto-reply) and staff did not reject it.
CREATE FUNCTION refresh_letter_replies(letter integer) RETURNS void LANGUAGE sql AS $$
  UPDATE letters l
  SET replied_at = r.first_at,
    replied_by_supporter = coalesce(r.by_supporter, false),
    replied_by_email = coalesce(r.by_email, false)
  FROM (
    SELECT min(received_at) AS first_at,
      bool_or(source = 'supporter') AS by_supporter,
      bool_or(source = 'email') AS by_email
    FROM reply_reports
    WHERE letter_id = letter AND kind = 'replied' AND NOT automatic AND status <> 'rejected'
  ) r
  WHERE l.id = letter
    AND (l.replied_at, l.replied_by_supporter, l.replied_by_email)
      IS DISTINCT FROM (r.first_at, coalesce(r.by_supporter, false), coalesce(r.by_email, false))
$$;
--> statement-breakpoint
CREATE FUNCTION reply_reports_refresh_letter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('demarche.defer_letter_tallies', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM refresh_letter_replies(OLD.letter_id); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.letter_id <> OLD.letter_id) THEN
    PERFORM refresh_letter_replies(NEW.letter_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reply_reports_refresh_letter AFTER INSERT OR UPDATE OR DELETE ON reply_reports
FOR EACH ROW EXECUTE FUNCTION reply_reports_refresh_letter();
--> statement-breakpoint
CREATE FUNCTION refresh_letter_first_response(letter integer) RETURNS void LANGUAGE sql AS $$
  UPDATE letters l
  SET first_response_on = r.first_on
  FROM (SELECT min(received_on) AS first_on FROM delegation_responses WHERE letter_id = letter) r
  WHERE l.id = letter AND l.first_response_on IS DISTINCT FROM r.first_on
$$;
--> statement-breakpoint
CREATE FUNCTION delegation_responses_refresh_letter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('demarche.defer_letter_tallies', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.letter_id IS NOT NULL THEN
    PERFORM refresh_letter_first_response(OLD.letter_id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.letter_id IS NOT NULL THEN
    PERFORM refresh_letter_first_response(NEW.letter_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER delegation_responses_refresh_letter
AFTER INSERT OR DELETE OR UPDATE OF letter_id, received_on ON delegation_responses
FOR EACH ROW EXECUTE FUNCTION delegation_responses_refresh_letter();
--> statement-breakpoint
-- The buckets a change of the given hour is folded into.
CREATE FUNCTION tally_spans(hour timestamptz)
RETURNS TABLE (span tally_span, starts_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT s, date_trunc(s::text, hour, 'UTC') FROM unnest(enum_range(NULL::tally_span)) AS s
$$;
--> statement-breakpoint
-- Moves the pending changes into the tallies, one fold at a time: unless told
-- to wait, a fold that finds another running leaves the work to it. Readers
-- add up tallies and changes, so they never wait for a fold.
CREATE FUNCTION fold_letter_tallies(wait boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(hashtext('fold_letter_tallies'));
  ELSIF NOT pg_try_advisory_xact_lock(hashtext('fold_letter_tallies')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM letter_tally_changes RETURNING *)
  INSERT INTO letter_tallies AS t
  SELECT m.campaign_id, b.span, b.starts_at, m.state_iso3, m.language, m.ask_id, m.target_kind,
    m.answered_after, sum(m.started), sum(m.confirmed), sum(m.sent), sum(m.delivered),
    sum(m.bounced), sum(m.replied), sum(m.replied_by_supporter), sum(m.replied_by_email),
    sum(m.answered)
  FROM moved m CROSS JOIN LATERAL tally_spans(m.hour) b
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT letter_tallies_key DO UPDATE SET
    started = t.started + excluded.started,
    confirmed = t.confirmed + excluded.confirmed,
    sent = t.sent + excluded.sent,
    delivered = t.delivered + excluded.delivered,
    bounced = t.bounced + excluded.bounced,
    replied = t.replied + excluded.replied,
    replied_by_supporter = t.replied_by_supporter + excluded.replied_by_supporter,
    replied_by_email = t.replied_by_email + excluded.replied_by_email,
    answered = t.answered + excluded.answered;
  WITH moved AS (DELETE FROM letter_event_changes RETURNING *)
  INSERT INTO letter_event_tallies AS t
  SELECT campaign_id, hour, event, sum(n) FROM moved GROUP BY campaign_id, hour, event
  ON CONFLICT ON CONSTRAINT letter_event_tallies_key DO UPDATE SET n = t.n + excluded.n;
  WITH moved AS (DELETE FROM letter_delivery_changes RETURNING *)
  INSERT INTO letter_delivery_tallies AS t
  SELECT campaign_id, ask_id, state_iso3, day, sum(n) FROM moved GROUP BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT letter_delivery_tallies_key DO UPDATE SET n = t.n + excluded.n;
END
$$;
--> statement-breakpoint
-- Every letter's answers, recounted from the reply reports and responses.
CREATE FUNCTION refresh_all_letter_answers() RETURNS void LANGUAGE sql AS $$
  UPDATE letters l
  SET replied_at = r.first_at,
    replied_by_supporter = coalesce(r.by_supporter, false),
    replied_by_email = coalesce(r.by_email, false)
  FROM (
    SELECT x.id, c.first_at, c.by_supporter, c.by_email
    FROM (
      SELECT letter_id AS id FROM reply_reports
      UNION SELECT id FROM letters
        WHERE replied_at IS NOT NULL OR replied_by_supporter OR replied_by_email
    ) x
    LEFT JOIN (
      SELECT letter_id, min(received_at) AS first_at,
        bool_or(source = 'supporter') AS by_supporter, bool_or(source = 'email') AS by_email
      FROM reply_reports
      WHERE kind = 'replied' AND NOT automatic AND status <> 'rejected'
      GROUP BY letter_id
    ) c ON c.letter_id = x.id
  ) r
  WHERE l.id = r.id
    AND (l.replied_at, l.replied_by_supporter, l.replied_by_email)
      IS DISTINCT FROM (r.first_at, coalesce(r.by_supporter, false), coalesce(r.by_email, false));
  UPDATE letters l SET first_response_on = r.first_on
  FROM (
    SELECT x.id, min(dr.received_on) AS first_on
    FROM (
      SELECT letter_id AS id FROM delegation_responses WHERE letter_id IS NOT NULL
      UNION SELECT id FROM letters WHERE first_response_on IS NOT NULL
    ) x
    LEFT JOIN delegation_responses dr ON dr.letter_id = x.id
    GROUP BY x.id
  ) r
  WHERE l.id = r.id AND l.first_response_on IS DISTINCT FROM r.first_on
$$;
--> statement-breakpoint
-- Recounts everything from the letters: after a bulk load that deferred the
-- triggers (npm run seed:scale), or to repair.
CREATE FUNCTION rebuild_letter_tallies() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE letters IN SHARE ROW EXCLUSIVE MODE;
  PERFORM set_config('demarche.defer_letter_tallies', 'on', true);
  PERFORM refresh_all_letter_answers();
  TRUNCATE letter_tallies, letter_tally_changes, letter_event_tallies, letter_event_changes,
    letter_delivery_tallies, letter_delivery_changes;
  -- Recounted as changes by hour, then folded like any other change.
  INSERT INTO letter_tally_changes
  SELECT t.campaign_id, t.hour, t.state_iso3, t.language, t.ask_id, t.target_kind,
    t.answered_after, sum(t.started), sum(t.confirmed), sum(t.sent), sum(t.delivered),
    sum(t.bounced), sum(t.replied), sum(t.replied_by_supporter), sum(t.replied_by_email),
    sum(t.answered)
  FROM letters l CROSS JOIN LATERAL letter_tally_row(l, 1) t
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
  INSERT INTO letter_event_changes
  SELECT e.campaign_id, e.hour, e.event, sum(e.n)
  FROM letters l CROSS JOIN LATERAL letter_event_rows(l, 1) e
  GROUP BY 1, 2, 3;
  INSERT INTO letter_delivery_changes
  SELECT d.campaign_id, d.ask_id, d.state_iso3, d.day, sum(d.n)
  FROM letters l CROSS JOIN LATERAL letter_delivery_rows(l, 1) d
  GROUP BY 1, 2, 3, 4;
  PERFORM fold_letter_tallies(wait => true);
  PERFORM set_config('demarche.defer_letter_tallies', 'off', true);
END
$$;
--> statement-breakpoint
-- Letters already stored: their answers, then their tallies.
SELECT rebuild_letter_tallies();

-- Check-ins after a session and their follow-ups (docs/checkins.md).
--
-- On the clinic's check-in days after a completed treatment (days 1 and 3 by
-- default), the client answers "how is your skin?" in their portal. An answer
-- is health information: encrypted like a chart, with its SHA-256 kept and
-- checked on every read. Only the outcome of the clinic's rules (src/plans/checkin.ts)
-- is kept in clear, so that the list of follow-ups is one indexed search.
--
-- The check-in days are the clinic's to change (audited as
-- "checkin-settings.update"); they are not health information.

CREATE TABLE checkin_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  first_day smallint NOT NULL DEFAULT 1 CHECK (first_day BETWEEN 1 AND 14),
  second_day smallint NOT NULL DEFAULT 3 CHECK (second_day BETWEEN 1 AND 14),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (second_day > first_day)
);

CREATE TABLE checkin_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  -- Days after the session, as the clinic's settings stood when it was answered.
  day smallint NOT NULL CHECK (day BETWEEN 1 AND 14),
  answers_encrypted text NOT NULL,
  answers_sha256 text NOT NULL CHECK (answers_sha256 ~ '^[0-9a-f]{64}$'),
  outcome text NOT NULL CHECK (outcome IN ('expected', 'follow-up')),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Once per check-in day: a second answer (two tabs, a double click) is refused by the database.
  UNIQUE (appointment_id, day)
);
CREATE INDEX checkin_responses_client ON checkin_responses (organization_id, client_id, created_at);

CREATE TABLE follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  checkin_id uuid NOT NULL UNIQUE REFERENCES checkin_responses(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_by_user_id text REFERENCES auth_users(id),
  closed_at timestamptz,
  -- What was done, written when it is closed. Encrypted like the answer.
  note_encrypted text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closed_by_user_id IS NOT NULL AND note_encrypted IS NOT NULL))
);
CREATE INDEX follow_ups_open ON follow_ups (organization_id, status, created_at);

-- An answer is what the client said: it is never changed again (a key
-- rotation re-encrypts it, the same text under another key).
CREATE FUNCTION checkin_responses_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'answers_encrypted') IS DISTINCT FROM (to_jsonb(OLD) - 'answers_encrypted') THEN
    RAISE EXCEPTION 'a check-in answer cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER checkin_responses_frozen BEFORE UPDATE ON checkin_responses
  FOR EACH ROW EXECUTE FUNCTION checkin_responses_frozen();

-- A closed follow-up stays closed, with its note.
CREATE FUNCTION follow_ups_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' AND (to_jsonb(NEW) - 'note_encrypted') IS DISTINCT FROM (to_jsonb(OLD) - 'note_encrypted') THEN
    RAISE EXCEPTION 'a closed follow-up cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER follow_ups_closed BEFORE UPDATE ON follow_ups FOR EACH ROW EXECUTE FUNCTION follow_ups_closed();

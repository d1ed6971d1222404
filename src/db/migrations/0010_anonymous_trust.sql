-- What an anonymous request may do to someone else's record
-- (docs/decisions/0018-who-widens-the-care-team.md).

-- A booking made without signing in counts for the care team only once the
-- client confirmed it from their portal (or staff booked it, or it was done).
ALTER TABLE appointments
  ADD COLUMN client_confirmed_at timestamptz,
  -- What an anonymous booking typed for a client who already existed: kept on
  -- the booking only, for staff to see and adopt; the client's record is unchanged.
  ADD COLUMN booked_name text CONSTRAINT appointments_booked_name_check CHECK (char_length(booked_name) <= 200),
  ADD COLUMN booked_phone text CONSTRAINT appointments_booked_phone_check CHECK (char_length(booked_phone) <= 40),
  ADD COLUMN booked_locale text CONSTRAINT appointments_booked_locale_check CHECK (booked_locale IN ('en', 'fr'));

-- Self-check answers carried into a booking for a client who already existed
-- wait for that client to confirm them in their portal's intake.
ALTER TABLE pending_self_checks ADD COLUMN client_id uuid REFERENCES clients(id) ON DELETE CASCADE;
CREATE INDEX pending_self_checks_client ON pending_self_checks (organization_id, client_id) WHERE client_id IS NOT NULL;

-- Request limits for anonymous holds and bookings, counted in the database so
-- they hold across server processes. The subject (an IP address or an e-mail
-- address) is stored only as a keyed hash.
CREATE TABLE request_limit_hits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id uuid NOT NULL,
  scope text NOT NULL,
  subject_hash text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_limit_hits_subject ON request_limit_hits (organization_id, scope, subject_hash, at);
CREATE INDEX request_limit_hits_at ON request_limit_hits (at);

-- A replayed booking answers with its manage link; the link's token is kept
-- encrypted, never in clear beside the stored answer.
ALTER TABLE idempotency_keys ADD COLUMN manage_token_encrypted text;
-- Answers stored before this change hold the token in clear: they are only a
-- retry cache, so they are forgotten rather than kept.
DELETE FROM idempotency_keys;

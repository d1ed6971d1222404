-- Screening (issue 4). A clinic's changes to the default screening rules, and
-- every rule set a screening was made under, so a past screening can always
-- be shown with the rules it was made under. Neither holds health information.

-- One row per rule the clinic has changed (outcome and/or waiting period),
-- with the reason given. The change itself is audited (screening-rule.change).
CREATE TABLE screening_rule_overrides (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id text NOT NULL CHECK (rule_id ~ '^[a-z][a-z0-9-]{1,60}$'),
  outcome text CHECK (outcome IN ('suitable-with-precautions', 'deferred', 'needs-review', 'not-suitable')),
  period_months integer CHECK (period_months BETWEEN 1 AND 120),
  period_days integer CHECK (period_days BETWEEN 1 AND 3650),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
  updated_by_user_id text NOT NULL REFERENCES auth_users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, rule_id),
  CHECK (outcome IS NOT NULL OR period_months IS NOT NULL OR period_days IS NOT NULL),
  CHECK (period_months IS NULL OR period_days IS NULL)
);

-- Every effective rule set in use, by its version (a fingerprint of the rules):
-- the rows as they were (ids, outcomes, periods, messages, citations).
CREATE TABLE screening_rule_sets (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  version text NOT NULL CHECK (version ~ '^[0-9a-f]{12}$'),
  rules jsonb NOT NULL,
  first_used_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, version)
);

-- How old the latest screening may be when a treatment is booked.
ALTER TABLE clinic_settings
  ADD COLUMN screening_valid_days integer NOT NULL DEFAULT 30 CHECK (screening_valid_days BETWEEN 1 AND 365);

-- Health information from here on: encrypted by the application
-- ("v1:<keyId>:…"), read and written only by src/privacy/screening-record.ts,
-- which audits every access (health-record-boundary.test.ts checks that).

-- Answers a visitor chose to carry from the public self-check into a booking:
-- kept until the booking is made (then they become the client's first
-- screening) or until they expire. The visitor holds the token in a cookie.
CREATE TABLE pending_self_checks (
  token_hash text PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  answers_encrypted text NOT NULL CHECK (answers_encrypted LIKE 'v1:%'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX pending_self_checks_expiry ON pending_self_checks (expires_at);

-- Every screening of a client: the answers (an Intake, plus the questionnaire
-- response for an intake), the engine's result and the rules version it was
-- made under. Immutable once written.
CREATE TABLE client_screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('self-check', 'intake', 'day-of')),
  appointment_id uuid REFERENCES appointments(id) ON DELETE SET NULL,
  questionnaire text,
  rules_version text NOT NULL,
  as_of date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_type text NOT NULL CHECK (created_by_type IN ('client', 'staff', 'public')),
  created_by_id text,
  answers_encrypted text NOT NULL CHECK (answers_encrypted LIKE 'v1:%'),
  result_encrypted text NOT NULL CHECK (result_encrypted LIKE 'v1:%')
);
CREATE INDEX client_screenings_client ON client_screenings (organization_id, client_id, created_at DESC);

-- A practitioner's review of a screening that needs one: cleared (with the
-- physician's note) or not cleared. Immutable; a later review supersedes.
CREATE TABLE screening_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  screening_id uuid NOT NULL REFERENCES client_screenings(id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('cleared', 'not-cleared')),
  note_encrypted text NOT NULL CHECK (note_encrypted LIKE 'v1:%'),
  reviewed_by_user_id text NOT NULL REFERENCES auth_users(id),
  reviewed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX screening_reviews_screening ON screening_reviews (screening_id, reviewed_at DESC);

-- "Tell me when I'm eligible": an e-mail on the first day a dated deferral
-- allows treatment, with a booking link. The address is encrypted (a reminder
-- implies a deferral); the date alone says nothing about anyone.
CREATE TABLE eligibility_reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email_encrypted text NOT NULL CHECK (email_encrypted LIKE 'v1:%'),
  send_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Sent reminders are deleted (with an audit row): only waiting ones are here.
CREATE INDEX eligibility_reminders_due ON eligibility_reminders (organization_id, send_on);

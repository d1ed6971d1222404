-- Staff accounts: TOTP two-factor sign-in (better-auth's twoFactor plugin),
-- invitations, and the failed sign-ins that throttling counts.

-- better-auth's "user.twoFactorEnabled".
ALTER TABLE auth_users ADD COLUMN two_factor_enabled boolean NOT NULL DEFAULT false;

-- better-auth's "twoFactor" model. The secret and the backup codes are
-- encrypted by better-auth with the auth secret; verified is false between
-- "show me a key" and the first correct code.
CREATE TABLE auth_two_factors (
  id text PRIMARY KEY,
  user_id text NOT NULL UNIQUE REFERENCES auth_users(id) ON DELETE CASCADE,
  secret text NOT NULL,
  backup_codes text NOT NULL,
  verified boolean NOT NULL DEFAULT true,
  failed_verification_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz
);

-- An invitation is a link with a random token; only its SHA-256 is stored.
-- It is open until accepted, revoked (or replaced by a newer one) or expired.
CREATE TABLE staff_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email text NOT NULL,
  email_normalized text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'practitioner', 'front-desk')),
  practitioner_id uuid REFERENCES practitioners(id) ON DELETE SET NULL,
  token_hash text NOT NULL UNIQUE,
  invited_by text REFERENCES auth_users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by text REFERENCES auth_users(id) ON DELETE SET NULL,
  revoked_at timestamptz,
  revoked_by text REFERENCES auth_users(id) ON DELETE SET NULL,
  CHECK (expires_at > created_at),
  CHECK (accepted_at IS NULL OR revoked_at IS NULL),
  CHECK (practitioner_id IS NULL OR role = 'practitioner')
);
CREATE INDEX staff_invitations_org ON staff_invitations (organization_id, created_at DESC);
-- One open invitation per address and clinic: inviting again replaces the old one.
CREATE UNIQUE INDEX staff_invitations_one_open ON staff_invitations (organization_id, email_normalized)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- One row per failed (or in-flight) sign-in step, so the limit holds across
-- app processes sharing one PostgreSQL. Accounts are not a clinic's rows (one
-- person may work for two clinics), so there is no organization_id. The
-- e-mail is kept only as a SHA-256 of its lower-cased form.
CREATE TABLE sign_in_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  step text NOT NULL CHECK (step IN ('password', 'two-factor')),
  email_hash text,
  user_id text,
  ip text,
  at timestamptz NOT NULL DEFAULT now(),
  CHECK (email_hash IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (step, email_hash, at) WHERE email_hash IS NOT NULL;
CREATE INDEX sign_in_failures_user ON sign_in_failures (step, user_id, at) WHERE user_id IS NOT NULL;
CREATE INDEX sign_in_failures_ip ON sign_in_failures (step, ip, at) WHERE ip IS NOT NULL;
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);

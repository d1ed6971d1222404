-- The client portal: passwordless sign-in links, the requests that asked for
-- them (for throttling), and client sessions. Link tokens and session ids are
-- stored only as SHA-256 hashes; e-mail addresses and IP addresses in the
-- request log only as hashes, since most people who type one may not be clients.

CREATE TABLE client_login_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX client_login_tokens_client ON client_login_tokens (client_id);
CREATE INDEX client_login_tokens_expires ON client_login_tokens (expires_at);

-- One row per request for a link, whatever the answer, so limits are counted
-- by the database and hold across several app processes.
CREATE TABLE client_login_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email_hash text NOT NULL,
  ip_hash text,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'unknown', 'throttled')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_login_requests_email ON client_login_requests (organization_id, email_hash, created_at);
CREATE INDEX client_login_requests_ip ON client_login_requests (organization_id, ip_hash, created_at) WHERE ip_hash IS NOT NULL;
CREATE INDEX client_login_requests_created ON client_login_requests (created_at);

-- A signed-in client. Valid while not revoked, before expires_at (absolute)
-- and within the idle limit of last_seen_at; deleted on sign-out.
CREATE TABLE client_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX client_sessions_client ON client_sessions (client_id);
CREATE INDEX client_sessions_expires ON client_sessions (expires_at);

-- The clinic's tablet at the desk (docs/consent.md, "Signing at the desk";
-- decision 0030). A staff member hands the tablet to a client to sign their
-- consent: the handover names the clinic, the client, the appointment and the
-- staff member, lives twenty minutes, and is used once. The browser holds its
-- id and a random token; only the token's SHA-256 is stored here. Handing
-- over ends the staff member's session in the same transaction.
CREATE TABLE desk_handovers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  staff_user_id text NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE,
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Ended: the client signed, or handed the tablet back without signing. Never reopened.
  ended_at timestamptz,
  outcome text CHECK (outcome IN ('signed', 'returned')),
  CHECK ((ended_at IS NULL) = (outcome IS NULL)),
  CHECK (expires_at > created_at)
);
CREATE INDEX desk_handovers_appointment ON desk_handovers (organization_id, appointment_id);

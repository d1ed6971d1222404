-- Health information (PHIPA): the practitioner's notes about a client, the
-- client's consent directive (a record locked to named staff) and the client's
-- correction requests. Text is encrypted by the application (AES-256-GCM,
-- "v1:<keyId>:<iv>:<tag>:<data>"), so the database and its backups hold no
-- readable health information. Only src/privacy/health-record.ts reads or
-- writes these tables (a test checks it), and it audits every access.

CREATE TABLE client_health_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  author_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  body_encrypted text NOT NULL CHECK (body_encrypted LIKE 'v1:%')
);
CREATE INDEX client_health_notes_client ON client_health_notes (organization_id, client_id, created_at);

-- The client's consent directive: only these staff members may open the record.
CREATE TABLE client_record_locks (
  client_id uuid PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  allowed_user_ids text[] NOT NULL CHECK (cardinality(allowed_user_ids) >= 1),
  locked_by_user_id text NOT NULL REFERENCES auth_users(id),
  locked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_record_locks_org ON client_record_locks (organization_id);

-- A client's request to correct their record (PHIPA s. 55: answer within 30 days).
CREATE TABLE record_correction_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  body_encrypted text NOT NULL CHECK (body_encrypted LIKE 'v1:%'),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corrected', 'refused')),
  resolved_by_user_id text REFERENCES auth_users(id),
  resolved_at timestamptz,
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX record_correction_requests_client ON record_correction_requests (organization_id, client_id, created_at);

-- The audit trail is append-only: the database itself refuses to change or
-- remove an event, whoever asks.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The access log a client sees and the audit search read events by record.
CREATE INDEX audit_events_entity ON audit_events (organization_id, entity_type, entity_id, at DESC);

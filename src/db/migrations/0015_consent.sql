-- Consent forms and the clients' signatures (docs/consent.md).
--
-- A form is versioned: each version holds its English and French text
-- (Markdown) and the SHA-256 of both, and is never changed once published; a
-- new text is a new version. A client signs one version, in the language
-- they read it in, and a signature keeps the typed name, the version's hash,
-- the time, the internet address and where it was signed (the portal or the
-- clinic's tablet, handed over by a staff member). A photo consent also keeps
-- its scopes and, once withdrawn, when.
CREATE TABLE consent_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('procedure', 'photos')),
  version integer NOT NULL CHECK (version >= 1),
  title_en text NOT NULL CHECK (char_length(title_en) BETWEEN 2 AND 200),
  body_en text NOT NULL CHECK (char_length(body_en) BETWEEN 20 AND 50000),
  title_fr text NOT NULL CHECK (char_length(title_fr) BETWEEN 2 AND 200),
  body_fr text NOT NULL CHECK (char_length(body_fr) BETWEEN 20 AND 50000),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  published_by_user_id text REFERENCES auth_users(id) ON DELETE SET NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, kind, version)
);

CREATE TABLE consent_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  form_id uuid NOT NULL REFERENCES consent_forms(id),
  kind text NOT NULL CHECK (kind IN ('procedure', 'photos')),
  version integer NOT NULL,
  content_sha256 text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('en', 'fr')),
  signed_name text NOT NULL CHECK (char_length(signed_name) BETWEEN 2 AND 200),
  signed_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  channel text NOT NULL CHECK (channel IN ('portal', 'desk')),
  -- The staff member who handed the clinic's tablet over, for a signature at the desk.
  desk_user_id text REFERENCES auth_users(id) ON DELETE SET NULL,
  -- Photo consent: 'record' (clinical record only), 'teaching' (anonymised), 'marketing'.
  scopes jsonb NOT NULL DEFAULT '[]',
  revoked_at timestamptz,
  CHECK (channel = 'portal' OR desk_user_id IS NOT NULL),
  CHECK (kind = 'photos' OR (scopes = '[]' AND revoked_at IS NULL))
);
CREATE INDEX consent_signatures_client ON consent_signatures (organization_id, client_id, kind, signed_at DESC);

-- A signature is a record of what happened: only a photo consent's withdrawal may be added to it, once.
CREATE FUNCTION consent_signatures_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'revoked_at') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at') OR OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'a consent signature cannot be changed, only a photo consent withdrawn once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER consent_signatures_frozen BEFORE UPDATE ON consent_signatures FOR EACH ROW EXECUTE FUNCTION consent_signatures_frozen();

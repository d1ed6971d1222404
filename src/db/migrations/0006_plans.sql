-- Treatment plans (issue 5).

-- Clinic data, not health information: the post-needling products the clinic
-- allows on freshly needled skin, each with the reason it is allowed, and the
-- clinic's depth maxima per zone. Every change is audited (plan-product.*,
-- plan-depth-limit.change).
CREATE TABLE plan_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 120),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 500),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);

CREATE TABLE plan_depth_limits (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  zone_id text NOT NULL CHECK (zone_id ~ '^[a-z][a-z-]{1,40}$'),
  -- Hundredths of a millimetre, so no floating point reaches a limit.
  max_hundredths integer NOT NULL CHECK (max_hundredths BETWEEN 5 AND 250),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
  updated_by_user_id text NOT NULL REFERENCES auth_users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, zone_id)
);

-- Health information from here on: the plan's content (assessment, zones,
-- depths, products, notes) and photos are encrypted by the application and
-- read or written only by src/privacy/plan-record.ts, which audits every
-- access (health-record-boundary.test.ts checks that).
CREATE TABLE treatment_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  created_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX treatment_plans_client ON treatment_plans (organization_id, client_id, created_at DESC);

-- One row per version. A draft is edited in place; once proposed it is frozen
-- unless taken back to draft before the client accepts; a change after
-- acceptance is a new version. The scheduling facts beside the content are
-- what the series planner and the package count need without decrypting: they
-- say no more than the appointments they produce.
CREATE TABLE treatment_plan_versions (
  plan_id uuid NOT NULL REFERENCES treatment_plans(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version BETWEEN 1 AND 1000),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('draft', 'proposed', 'accepted', 'superseded')),
  content_encrypted text NOT NULL CHECK (content_encrypted LIKE 'v1:%'),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  service_id uuid NOT NULL REFERENCES services(id),
  practitioner_id uuid REFERENCES practitioners(id),
  sessions integer NOT NULL CHECK (sessions BETWEEN 1 AND 24),
  interval_min_days integer NOT NULL CHECK (interval_min_days BETWEEN 1 AND 365),
  interval_max_days integer NOT NULL CHECK (interval_max_days BETWEEN 1 AND 365),
  price_per_session_cents integer NOT NULL CHECK (price_per_session_cents >= 0),
  package_price_cents integer NOT NULL CHECK (package_price_cents >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  proposed_at timestamptz,
  PRIMARY KEY (plan_id, version),
  CHECK (interval_min_days <= interval_max_days)
);
-- At most one version waiting for the client and one in force per plan.
CREATE UNIQUE INDEX treatment_plan_versions_open ON treatment_plan_versions (plan_id) WHERE status IN ('draft', 'proposed');
CREATE UNIQUE INDEX treatment_plan_versions_accepted ON treatment_plan_versions (plan_id) WHERE status = 'accepted';

-- The client's e-signature on one version: typed name, consent, when, from
-- where, and the SHA-256 of exactly the content they saw. Immutable.
CREATE TABLE treatment_plan_acceptances (
  plan_id uuid NOT NULL,
  version integer NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  signed_name text NOT NULL CHECK (char_length(signed_name) BETWEEN 2 AND 200),
  consent boolean NOT NULL CHECK (consent),
  signed_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (plan_id, version),
  FOREIGN KEY (plan_id, version) REFERENCES treatment_plan_versions(plan_id, version) ON DELETE CASCADE
);
CREATE FUNCTION refuse_acceptance_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'treatment_plan_acceptances is append-only';
END;
$$;
CREATE TRIGGER treatment_plan_acceptances_append_only BEFORE UPDATE ON treatment_plan_acceptances
  FOR EACH ROW EXECUTE FUNCTION refuse_acceptance_change();

-- Skin photos taken at the assessment: re-encoded without metadata (no EXIF,
-- no GPS) and encrypted. Viewing one is audited.
CREATE TABLE skin_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  plan_id uuid REFERENCES treatment_plans(id) ON DELETE SET NULL,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  bytes_encrypted text NOT NULL CHECK (bytes_encrypted LIKE 'v1:%'),
  caption_encrypted text NOT NULL CHECK (caption_encrypted LIKE 'v1:%'),
  taken_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skin_photos_client ON skin_photos (organization_id, client_id, created_at DESC);

-- Sessions booked from a plan: which plan and which session of the series. A
-- session missed (no-show) or cancelled can be booked again.
ALTER TABLE appointments
  ADD COLUMN plan_id uuid REFERENCES treatment_plans(id) ON DELETE SET NULL,
  ADD COLUMN plan_session integer CHECK (plan_session BETWEEN 1 AND 24);
CREATE UNIQUE INDEX appointments_plan_session_once ON appointments (plan_id, plan_session)
  WHERE plan_id IS NOT NULL AND status IN ('booked', 'completed');

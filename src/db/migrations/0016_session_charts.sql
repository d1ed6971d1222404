-- The treatment room's record (docs/session-chart.md): the clinic's devices
-- and the lots of what it uses on skin, and the practitioner's chart of each
-- treatment session.
--
-- Devices and lots are clinic data, not health information. A chart is: its
-- content is encrypted like a plan's, and only the lot and device ids it used
-- are kept in clear, so that a recall ("which clients were treated with lot
-- X") is one indexed search, itself audited as a health-record access.

CREATE TABLE clinic_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  model text NOT NULL CHECK (char_length(model) BETWEEN 1 AND 120),
  serial text NOT NULL CHECK (char_length(serial) BETWEEN 1 AND 80),
  active boolean NOT NULL DEFAULT true,
  created_by_user_id text REFERENCES auth_users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, model, serial)
);

-- A lot of something the clinic puts on or into skin: a needle cartridge (with
-- its needle count), a numbing product, a needling glide or an after-care
-- product. item_id names the clinic's list entry it is a lot of, when it has one.
CREATE TABLE supply_lots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('cartridge', 'numbing', 'glide', 'product')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  item_id uuid,
  needle_count integer CHECK (needle_count BETWEEN 1 AND 100),
  lot text NOT NULL CHECK (char_length(lot) BETWEEN 1 AND 60),
  received_on date NOT NULL,
  expires_on date NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by_user_id text REFERENCES auth_users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'cartridge') = (needle_count IS NOT NULL)),
  CHECK (expires_on >= received_on),
  UNIQUE (organization_id, kind, name, lot)
);
CREATE INDEX supply_lots_org ON supply_lots (organization_id, kind, expires_on);

CREATE TABLE session_charts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL UNIQUE REFERENCES appointments(id) ON DELETE CASCADE,
  plan_id uuid REFERENCES treatment_plans(id) ON DELETE CASCADE,
  plan_version integer,
  device_id uuid REFERENCES clinic_devices(id),
  status text NOT NULL CHECK (status IN ('draft', 'signed')),
  content_encrypted text NOT NULL,
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  author_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  signed_by_user_id text REFERENCES auth_users(id),
  signed_at timestamptz,
  CHECK ((status = 'signed') = (signed_at IS NOT NULL AND signed_by_user_id IS NOT NULL))
);
CREATE INDEX session_charts_client ON session_charts (organization_id, client_id, created_at);

-- The lots a chart used, in clear for the recall search.
CREATE TABLE session_chart_lots (
  chart_id uuid NOT NULL REFERENCES session_charts(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  lot_id uuid NOT NULL REFERENCES supply_lots(id),
  PRIMARY KEY (chart_id, lot_id)
);
CREATE INDEX session_chart_lots_lot ON session_chart_lots (organization_id, lot_id);

-- What was added to a signed chart, by whom and when. Encrypted like the chart.
CREATE TABLE session_chart_addenda (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chart_id uuid NOT NULL REFERENCES session_charts(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  author_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  body_encrypted text NOT NULL,
  body_sha256 text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$')
);
CREATE INDEX session_chart_addenda_chart ON session_chart_addenda (chart_id, created_at);

-- A signed chart is a record of what was done: it is never changed again
-- (later words are addenda), and its lots stay as they were signed. Only a
-- key rotation re-encrypts it: the same content (its SHA-256 is kept and
-- checked on every read) under another key.
CREATE FUNCTION session_charts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' AND (to_jsonb(NEW) - 'content_encrypted') IS DISTINCT FROM (to_jsonb(OLD) - 'content_encrypted') THEN
    RAISE EXCEPTION 'a signed session chart cannot be changed; add an addendum';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER session_charts_frozen BEFORE UPDATE ON session_charts FOR EACH ROW EXECUTE FUNCTION session_charts_frozen();

CREATE FUNCTION session_chart_lots_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM session_charts c WHERE c.id = COALESCE(OLD.chart_id, NEW.chart_id) AND c.status = 'signed') THEN
    RAISE EXCEPTION 'the lots of a signed session chart cannot be changed';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
-- A chart deleted with its client (erasure) takes its lots along: the chart row is gone by then.
CREATE TRIGGER session_chart_lots_frozen BEFORE INSERT OR UPDATE OR DELETE ON session_chart_lots
  FOR EACH ROW EXECUTE FUNCTION session_chart_lots_frozen();

CREATE FUNCTION session_chart_addenda_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'body_encrypted') IS DISTINCT FROM (to_jsonb(OLD) - 'body_encrypted') THEN
    RAISE EXCEPTION 'an addendum cannot be changed; add another';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER session_chart_addenda_frozen BEFORE UPDATE ON session_chart_addenda
  FOR EACH ROW EXECUTE FUNCTION session_chart_addenda_frozen();

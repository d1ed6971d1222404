-- The clinic model, the booking spine and staff sign-in.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A clinic's defaults are data it can change (changes are audited).
CREATE TABLE clinic_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  minimum_notice_minutes integer NOT NULL DEFAULT 120 CHECK (minimum_notice_minutes BETWEEN 0 AND 20160),
  horizon_days integer NOT NULL DEFAULT 180 CHECK (horizon_days BETWEEN 1 AND 730),
  slot_step_minutes integer NOT NULL DEFAULT 15 CHECK (slot_step_minutes IN (5, 10, 15, 20, 30, 60)),
  cancellation_window_minutes integer NOT NULL DEFAULT 1440 CHECK (cancellation_window_minutes BETWEEN 0 AND 20160),
  hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 60),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  street text NOT NULL,
  city text NOT NULL,
  region text NOT NULL,
  postal_code text NOT NULL,
  country text NOT NULL DEFAULT 'CA',
  phone text NOT NULL,
  email text NOT NULL,
  time_zone text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX locations_org ON locations (organization_id);

CREATE TABLE practitioners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES locations(id),
  name text NOT NULL,
  title text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practitioners_org ON practitioners (organization_id);

-- Weekly hours as local wall-clock times; the location's zone turns them into instants.
CREATE TABLE practitioner_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  practitioner_id uuid NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$'),
  CHECK (end_time > start_time)
);
CREATE INDEX practitioner_hours_practitioner ON practitioner_hours (practitioner_id);

-- A date with other hours than usual; no intervals means closed that day.
CREATE TABLE practitioner_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  practitioner_id uuid NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
  date date NOT NULL,
  intervals jsonb NOT NULL DEFAULT '[]',
  note text NOT NULL DEFAULT '',
  UNIQUE (practitioner_id, date)
);

CREATE TABLE time_off (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  practitioner_id uuid NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text NOT NULL DEFAULT '',
  CHECK (ends_at > starts_at)
);
CREATE INDEX time_off_practitioner ON time_off (practitioner_id, starts_at);

CREATE TABLE rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES locations(id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  slug text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('consultation', 'treatment')),
  description text NOT NULL DEFAULT '',
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 120),
  buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 120),
  price_cents integer CHECK (price_cents IS NULL OR price_cents >= 0),
  currency text NOT NULL DEFAULT 'CAD' CHECK (currency ~ '^[A-Z]{3}$'),
  requires_room boolean NOT NULL DEFAULT true,
  requires_eligibility boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  UNIQUE (organization_id, slug)
);

CREATE TABLE practitioner_services (
  practitioner_id uuid NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  PRIMARY KEY (practitioner_id, service_id)
);

CREATE TABLE clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  email text NOT NULL,
  email_normalized text NOT NULL,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, email_normalized)
);

-- Holds live in this table too, so one exclusion constraint refuses a booking
-- that overlaps a hold exactly as it refuses one that overlaps a booking.
-- blocked_from/blocked_until are the appointment widened by the service's buffers.
CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES locations(id),
  service_id uuid NOT NULL REFERENCES services(id),
  practitioner_id uuid NOT NULL REFERENCES practitioners(id),
  room_id uuid REFERENCES rooms(id),
  client_id uuid REFERENCES clients(id),
  status text NOT NULL CHECK (status IN ('held', 'booked', 'cancelled', 'completed', 'no-show')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  blocked_from timestamptz NOT NULL,
  blocked_until timestamptz NOT NULL,
  hold_expires_at timestamptz,
  hold_token_hash text,
  manage_token_hash text,
  source text NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'staff', 'api')),
  sequence integer NOT NULL DEFAULT 0,
  late_cancellation boolean NOT NULL DEFAULT false,
  cancelled_at timestamptz,
  cancelled_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (blocked_from <= starts_at AND blocked_until >= ends_at),
  CHECK ((status = 'held') = (hold_expires_at IS NOT NULL)),
  CHECK (status = 'held' OR client_id IS NOT NULL),
  CONSTRAINT appointments_no_practitioner_overlap EXCLUDE USING gist (
    practitioner_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&
  ) WHERE (status <> 'cancelled'),
  CONSTRAINT appointments_no_room_overlap EXCLUDE USING gist (
    room_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&
  ) WHERE (status <> 'cancelled' AND room_id IS NOT NULL),
  CONSTRAINT appointments_no_client_overlap EXCLUDE USING gist (
    client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status <> 'cancelled' AND client_id IS NOT NULL)
);
CREATE INDEX appointments_org_time ON appointments (organization_id, starts_at);
CREATE INDEX appointments_hold_expiry ON appointments (hold_expires_at) WHERE status = 'held';

-- Retried API requests answer the first result again.
CREATE TABLE idempotency_keys (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, key)
);

-- Messages are written in the same transaction as what caused them and sent
-- afterwards by the outbox worker, so each is sent once.
CREATE TABLE outbox_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  appointment_id uuid REFERENCES appointments(id),
  kind text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  ics text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  delivered_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_pending ON outbox_messages (created_at) WHERE status IN ('pending', 'sending');

CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'client', 'system', 'public')),
  actor_id text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_org_at ON audit_events (organization_id, at DESC);

-- better-auth's tables, under names of our own.
CREATE TABLE auth_users (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL DEFAULT false,
  image text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE auth_sessions (
  id text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  token text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  ip_address text,
  user_agent text,
  user_id text NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE TABLE auth_accounts (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  provider_id text NOT NULL,
  user_id text NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz,
  refresh_token_expires_at timestamptz,
  scope text,
  password text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_accounts_user ON auth_accounts (user_id);
CREATE TABLE auth_verifications (
  id text PRIMARY KEY,
  identifier text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'practitioner', 'front-desk')),
  practitioner_id uuid REFERENCES practitioners(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, user_id)
);

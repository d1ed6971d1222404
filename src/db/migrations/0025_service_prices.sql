-- Prices with effective dates (docs/decisions/0035-prices-with-effective-dates.md).
-- A service's price is a list of changes, each in force from a date in the
-- clinic's time zone: an appointment costs the price of the latest change on
-- or before the local day it starts (the first change also covers any earlier
-- day). Money in integer cents with its currency; NULL cents is "price on
-- request". The service's own columns go: one price, in one place.
CREATE TABLE service_prices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  effective_from date NOT NULL,
  price_cents integer CHECK (price_cents IS NULL OR price_cents >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_id, effective_from)
);
CREATE INDEX service_prices_organization ON service_prices (organization_id, service_id, effective_from);

-- Today's price of every service, from the date this runs (the first change
-- covers earlier days too, so past appointments keep the price they had).
INSERT INTO service_prices (organization_id, service_id, effective_from, price_cents, currency)
SELECT organization_id, id, CURRENT_DATE, price_cents, currency FROM services;

ALTER TABLE services DROP COLUMN price_cents;
ALTER TABLE services DROP COLUMN currency;

-- One "viewed the health record" row per record per request
-- (docs/health-records.md): a page that reads a record's notes, screenings
-- and plans in one request records one view. request_id names the request;
-- a second view row of the same staff member, record and request is not
-- written (ON CONFLICT DO NOTHING), and a view whose transaction rolled back
-- leaves room for the next one.
ALTER TABLE audit_events ADD COLUMN request_id text;
CREATE UNIQUE INDEX audit_events_one_view_per_request ON audit_events (organization_id, actor_type, actor_id, entity_type, entity_id, request_id)
  WHERE action = 'health-record.view' AND request_id IS NOT NULL;

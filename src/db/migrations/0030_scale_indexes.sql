-- Indexes the public pages and API need at scale (issue 19, docs/scale.md):
-- src/db/scale-queries.test.ts explains every statement they send on a
-- generated set of clinics and fails on a sequential scan of a clinic's table.

-- The availability query reads a clinic's active rooms of its location on
-- every page view and inside every booking; rooms had no index but the key.
CREATE INDEX IF NOT EXISTS rooms_org_location ON rooms (organization_id, location_id);

-- The same query reads the appointments that block a clinic's calendar around
-- the days asked for. By (organization_id, starts_at) that is every appointment
-- the clinic ever had (about 4,000 rows read for a week, after three months of
-- history, on the generated data set); ending after the first day asked for,
-- it is at most the booking horizon, however long the history grows (about
-- 1,900, half the pages). Cancelled appointments never block, so they stay out.
CREATE INDEX IF NOT EXISTS appointments_org_blocked_until ON appointments (organization_id, blocked_until) WHERE status <> 'cancelled';

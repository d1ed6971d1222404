-- The aftercare periods a session's aftercare was given under (docs/aftercare.md).
-- Written once, when the session's chart is signed, from the clinic's
-- settings then in force (plan_aftercare_settings and the defaults): the
-- client's aftercare page keeps saying what the clinic told them that day,
-- even after the clinic changes its periods. Clinic data (hours and a
-- depth), not health information. A session signed before this table
-- existed has no row, and its page uses the settings in force.
CREATE TABLE aftercare_snapshots (
  appointment_id uuid PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The clinic's aftercare waiting periods (src/plans/aftercare.ts,
-- docs/aftercare.md). Clinic data, not health information. One row per value
-- the clinic changed from the default; no row means the default applies. The
-- key is a period ("sun", "makeup", "exercise", "water", "retinoids",
-- "exfoliants") in hours, the same period after a deeper session
-- ("sun.deeper", …) in hours, or "deeper-from" (the depth above which a
-- session counts as deeper) in hundredths of a millimetre. Every change is
-- audited with before, after and the reason (plan-aftercare.change).
CREATE TABLE plan_aftercare_settings (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^(sun|makeup|exercise|water|retinoids|exfoliants)(\.deeper)?$' OR key = 'deeper-from'),
  value integer NOT NULL CHECK (value BETWEEN 1 AND 10000),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
  updated_by_user_id text NOT NULL REFERENCES auth_users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, key)
);

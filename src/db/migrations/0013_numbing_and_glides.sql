-- Numbing cream and needling glides in treatment plans (clinical corrections).

-- Clinic data, not health information. The numbing products a plan may name,
-- each with its agent and strength ("lidocaine 4 %", or a combination); the
-- products that may be on the skin while the needles work (glides), each
-- marked sterile and single-use or not; and the largest area the clinic numbs
-- in one application. Every change is audited (plan-numbing-product.*,
-- plan-glide.*, plan-numbing-maximum.change).
CREATE TABLE plan_numbing_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 120),
  agent text NOT NULL CHECK (char_length(agent) BETWEEN 2 AND 200),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);

CREATE TABLE plan_glides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 120),
  sterile boolean NOT NULL,
  single_use boolean NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);

-- One row per clinic that changed the default (src/plans/numbing.ts).
CREATE TABLE plan_numbing_limits (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  max_area_cm2 integer NOT NULL CHECK (max_area_cm2 BETWEEN 50 AND 5000),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
  updated_by_user_id text NOT NULL REFERENCES auth_users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

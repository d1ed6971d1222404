-- Who may clear a "not suitable" screening
-- (docs/decisions/0021-who-may-clear-not-suitable.md): the owner, or the staff
-- member the owner marked as the clinic's medical director. The flag is set by
-- the owner only, on a practitioner, and audited; a clinic has at most one.
-- The physician's written clearance itself is stored with the review, inside
-- its encrypted note, like every other review text.
ALTER TABLE staff_members ADD COLUMN medical_director boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX staff_members_one_medical_director ON staff_members (organization_id) WHERE medical_director;

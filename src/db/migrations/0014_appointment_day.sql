-- The appointment's day: when the client arrived, when the session started
-- and ended, and when a missed appointment was marked. The status column
-- keeps its four public values (booked, cancelled, completed, no-show); an
-- arrived or started appointment is still "booked" until it is completed.
-- Who set each time is in the audit trail (appointment.arrive, .start,
-- .complete, .no-show, .undo).
ALTER TABLE appointments ADD COLUMN arrived_at timestamptz;
ALTER TABLE appointments ADD COLUMN started_at timestamptz;
ALTER TABLE appointments ADD COLUMN completed_at timestamptz;
ALTER TABLE appointments ADD COLUMN no_show_at timestamptz;
-- A session starts only after the arrival, and ends only after it started.
ALTER TABLE appointments ADD CONSTRAINT appointments_started_after_arrival CHECK (started_at IS NULL OR arrived_at IS NOT NULL);
ALTER TABLE appointments ADD CONSTRAINT appointments_completed_after_start CHECK (completed_at IS NULL OR started_at IS NOT NULL);

-- The counts on a client's page (no-shows, late cancellations) read these.
CREATE INDEX appointments_client_attendance ON appointments (organization_id, client_id) WHERE status = 'no-show' OR late_cancellation;

-- Anyone on the team may be linked to a practitioner (an owner or a manager
-- who also treats): invitations no longer tie the link to the practitioner
-- role. The check was unnamed; it is found by what it says.
DO $$
DECLARE c text;
BEGIN
  SELECT conname INTO c FROM pg_constraint
  WHERE conrelid = 'staff_invitations'::regclass AND contype = 'c'
    AND pg_get_constraintdef(oid) LIKE '%practitioner_id IS NULL%';
  IF c IS NOT NULL THEN
    EXECUTE format('ALTER TABLE staff_invitations DROP CONSTRAINT %I', c);
  END IF;
END $$;

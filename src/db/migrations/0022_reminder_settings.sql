-- Appointment reminders (src/notifications/reminders.ts, docs/reminders.md).
-- Clinic data, not health information. No row: the defaults below apply.
-- hours_before: the reminder goes this many elapsed hours before the start
-- (48 by default). retinoid_pause_days: a treatment's reminder asks the client
-- to stop retinoids this many days before it (0 leaves the line out; default
-- 7, the long end of "24 h to 1 week before" in clinic protocols, CLIN
-- ref-52: a clinic protocol default to confirm). arrive_without_makeup: the
-- "arrive without make-up" line (no source in the clinical reference: a clinic
-- protocol default to confirm). Changes are audited (reminder-settings.update).
CREATE TABLE reminder_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  hours_before smallint NOT NULL DEFAULT 48 CHECK (hours_before BETWEEN 2 AND 168),
  retinoid_pause_days smallint NOT NULL DEFAULT 7 CHECK (retinoid_pause_days BETWEEN 0 AND 30),
  arrive_without_makeup boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

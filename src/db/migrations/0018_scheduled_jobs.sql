-- Scheduled work (docs/jobs.md, decision 0033). Every message sent later than
-- the request that caused it (reminders, aftercare, check-ins, nudges, the
-- eligibility reminders, scheduled publishing) is a row here, claimed by one
-- worker at a time under a lease, so that two server processes never run one
-- job twice and a killed process loses none.
--
-- payload holds ids only, never health information: a job says what to do
-- and to whom by reference; its handler reads (and decrypts) the rest when it
-- runs. last_error holds the error's kind and codes, never its message.
CREATE TABLE scheduled_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9.-]{0,99}$'),
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
  -- The job's identity: scheduling one key twice is one job (src/jobs/jobs.ts).
  dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 300),
  -- Moving or cancelling the appointment cancels its pending jobs; deleting it deletes them.
  appointment_id uuid REFERENCES appointments(id) ON DELETE CASCADE,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text CHECK (length(last_error) <= 300),
  -- The lease: the worker that claimed a running job and until when. A job whose lease ran out is claimed again.
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  UNIQUE (organization_id, dedupe_key),
  CHECK ((status = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX scheduled_jobs_due ON scheduled_jobs (run_at) WHERE status = 'pending';
CREATE INDEX scheduled_jobs_leases ON scheduled_jobs (locked_until) WHERE status = 'running';
CREATE INDEX scheduled_jobs_appointment ON scheduled_jobs (appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX scheduled_jobs_finished ON scheduled_jobs (done_at) WHERE status IN ('done', 'cancelled');

-- The outbox's lease (src/notifications/outbox.ts): a message being sent is
-- claimed by one worker until claimed_until; only after that may another
-- worker take it. (Until now a starting process put every 'sending' message
-- back to 'pending', which sent twice what a second live process was sending.)
ALTER TABLE outbox_messages ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz;
CREATE INDEX outbox_leases ON outbox_messages (claimed_until) WHERE status = 'sending';

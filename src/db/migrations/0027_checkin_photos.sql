-- A photo with a check-in after a session (docs/checkins.md, decision 0036).
--
-- The client may send one photo with their answer to "how is your skin?". It
-- is a skin photo like a session's (docs/photos.md): re-encoded without its
-- metadata before it reaches here (src/plans/photos.ts), its bytes encrypted
-- under the data key, every view audited. It belongs to the check-in answer,
-- once, and to the clinical record only: it is kept apart from skin_photos so
-- that no teaching or marketing list (photosForUse) can ever reach it.

-- Lets a photo name its check-in and its client together, so that the
-- database, not only the code, refuses a photo on another client's answer.
ALTER TABLE checkin_responses ADD CONSTRAINT checkin_responses_id_client UNIQUE (id, client_id);

CREATE TABLE checkin_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  -- One photo per answer.
  checkin_id uuid NOT NULL UNIQUE,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  bytes_encrypted text NOT NULL CHECK (bytes_encrypted LIKE 'v1:%'),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (checkin_id, client_id) REFERENCES checkin_responses (id, client_id) ON DELETE CASCADE
);
CREATE INDEX checkin_photos_client ON checkin_photos (organization_id, client_id);

-- What the client sent is never changed again, like their answer: a key
-- rotation re-encrypts it (the same bytes under another key), nothing else.
CREATE FUNCTION checkin_photos_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'bytes_encrypted') IS DISTINCT FROM (to_jsonb(OLD) - 'bytes_encrypted') THEN
    RAISE EXCEPTION 'a check-in photo cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER checkin_photos_frozen BEFORE UPDATE ON checkin_photos
  FOR EACH ROW EXECUTE FUNCTION checkin_photos_frozen();

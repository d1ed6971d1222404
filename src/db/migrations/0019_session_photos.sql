-- Photos over time (docs/photos.md): a skin photo may belong to a treatment
-- session, of one area in one standard view, so that the same area and view
-- can be compared across sessions. Plan photos (the assessment's) keep these
-- three columns empty. The bytes stay re-encoded, stripped and encrypted as
-- before; the area and the view are kept in clear for the comparison's
-- indexed search, like a chart's lots.
ALTER TABLE skin_photos
  ADD COLUMN appointment_id uuid REFERENCES appointments(id),
  ADD COLUMN zone text CHECK (zone ~ '^[a-z][a-z-]{0,39}$'),
  ADD COLUMN view text CHECK (view IN ('front', 'left-45', 'right-45', 'left-profile', 'right-profile', 'close-up')),
  -- A session photo names its session, area and view; a plan photo none of them.
  ADD CONSTRAINT skin_photos_session_shape CHECK (
    (appointment_id IS NULL AND zone IS NULL AND view IS NULL)
    OR (appointment_id IS NOT NULL AND zone IS NOT NULL AND view IS NOT NULL)
  );

CREATE INDEX skin_photos_series ON skin_photos (organization_id, client_id, zone, view, created_at);
CREATE INDEX skin_photos_appointment ON skin_photos (appointment_id) WHERE appointment_id IS NOT NULL;

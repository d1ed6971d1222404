-- The clinic's version (migration 0028) also moves when its practitioners or
-- its reminder settings change: server processes keep both between requests
-- (the booking API checks a named practitioner against the kept list; a
-- booking schedules its reminder from the kept settings).
CREATE TRIGGER practitioners_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON practitioners
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();
CREATE TRIGGER reminder_settings_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON reminder_settings
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();

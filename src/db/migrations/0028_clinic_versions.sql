-- A clinic's version (docs/operations.md, "Several processes"): a number
-- that changes in the same transaction as anything a server process may keep
-- in memory between requests: the organization, its settings, its location,
-- its services and their prices. A process checks it on every use of what it
-- kept and loads afresh when it differs, so a change made by any process (or by hand in SQL) is
-- seen by every other on its next request. The number comes from a sequence,
-- which a rolled-back transaction does not give back: a version seen inside a
-- transaction that then failed is never the version of anything committed.
CREATE SEQUENCE clinic_version_numbers;

CREATE TABLE clinic_versions (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT nextval('clinic_version_numbers')
);

CREATE FUNCTION bump_clinic_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  IF TG_TABLE_NAME = 'organizations' THEN
    org := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    -- A deleted organization takes its row with it (ON DELETE CASCADE).
    IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;
  ELSE
    org := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- Also reached while the organization itself is deleted: no row is made for it then.
    UPDATE clinic_versions SET version = nextval('clinic_version_numbers') WHERE organization_id = org;
  ELSE
    INSERT INTO clinic_versions (organization_id) VALUES (org)
    ON CONFLICT (organization_id) DO UPDATE SET version = nextval('clinic_version_numbers');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER organizations_bump_clinic_version AFTER INSERT OR UPDATE ON organizations
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();
CREATE TRIGGER clinic_settings_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON clinic_settings
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();
CREATE TRIGGER locations_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON locations
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();
CREATE TRIGGER services_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();
CREATE TRIGGER service_prices_bump_clinic_version AFTER INSERT OR UPDATE OR DELETE ON service_prices
  FOR EACH ROW EXECUTE FUNCTION bump_clinic_version();

INSERT INTO clinic_versions (organization_id) SELECT id FROM organizations;

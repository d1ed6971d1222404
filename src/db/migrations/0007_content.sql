-- The publishing desk: the clinic's pages and articles, every saved revision,
-- and the media library. Clinic content, not health information. Image bytes
-- live in the database (bytea) so one backup holds the whole site.

-- The clinic's own names and marks, which the watermark check lets through
-- (its signage, its products). With no row, the clinic's name and "Dermaplan".
CREATE TABLE content_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  brand_allow_list jsonb NOT NULL CHECK (jsonb_typeof(brand_allow_list) = 'array'),
  updated_by_user_id text NOT NULL REFERENCES auth_users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One uploaded image: cleaned of metadata, with the watermark check's findings
-- on the bytes as uploaded. Alt text is required; French alt text is optional.
CREATE TABLE media_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 200),
  alt_en text NOT NULL CHECK (char_length(alt_en) BETWEEN 1 AND 300),
  alt_fr text NOT NULL DEFAULT '' CHECK (char_length(alt_fr) <= 300),
  caption text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 500),
  credit text NOT NULL DEFAULT '' CHECK (char_length(credit) <= 200),
  licence_note text NOT NULL DEFAULT '' CHECK (char_length(licence_note) <= 500),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  source_format text NOT NULL CHECK (source_format IN ('jpeg', 'png', 'webp', 'avif', 'gif')),
  findings jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(findings) = 'array'),
  uploaded_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_assets_recent ON media_assets (organization_id, created_at DESC);

-- The files served for an asset: the cleaned original and its responsive
-- sizes, e.g. "original.webp", "960.avif", "480.webp". Written once.
CREATE TABLE media_variants (
  asset_id uuid NOT NULL REFERENCES media_assets(id) ON DELETE CASCADE,
  file text NOT NULL CHECK (file ~ '^(original|[0-9]{2,4})\.(webp|avif|jpg)$'),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/webp', 'image/avif', 'image/jpeg')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (asset_id, file)
);

-- A page or an article in one language. An article and its translation share
-- kind and slug. The working copy is the newest revision; what the public sees
-- is published_revision_id (kept while a new draft is edited), or the
-- scheduled revision once its time has come.
CREATE TABLE content_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('page', 'article')),
  locale text NOT NULL CHECK (locale IN ('en', 'fr')),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 80),
  status text NOT NULL CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished')),
  working_revision_id uuid,
  published_revision_id uuid,
  scheduled_revision_id uuid,
  scheduled_at timestamptz,
  -- What the guard's re-run at publication time may still find: the rules an
  -- owner overrode and the licences confirmed when it was scheduled.
  schedule_overridden_rules jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(schedule_overridden_rules) = 'array'),
  schedule_confirmed jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(schedule_confirmed) = 'array'),
  -- Why a scheduled publication did not happen (the guard blocked it then).
  schedule_failure jsonb,
  first_published_at timestamptz,
  published_at timestamptz,
  created_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, kind, locale, slug),
  CHECK ((status = 'scheduled') = (scheduled_at IS NOT NULL AND scheduled_revision_id IS NOT NULL))
);
CREATE INDEX content_documents_due ON content_documents (scheduled_at) WHERE status = 'scheduled';

-- Every save: immutable. Restoring an old revision writes a new one.
CREATE TABLE content_revisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES content_documents(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number >= 1),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  summary text NOT NULL CHECK (char_length(summary) <= 300),
  body text NOT NULL CHECK (char_length(body) <= 200000),
  cover_asset_id uuid REFERENCES media_assets(id),
  -- The library images the body and cover use, so an image is served publicly
  -- only while a published revision uses it.
  media_asset_ids jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(media_asset_ids) = 'array'),
  guard_report jsonb NOT NULL,
  restored_from_revision_id uuid REFERENCES content_revisions(id),
  created_by_user_id text NOT NULL REFERENCES auth_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, number)
);
CREATE FUNCTION refuse_content_revision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'content_revisions are immutable';
END;
$$;
CREATE TRIGGER content_revisions_immutable BEFORE UPDATE ON content_revisions
  FOR EACH ROW EXECUTE FUNCTION refuse_content_revision_change();

ALTER TABLE content_documents
  ADD FOREIGN KEY (working_revision_id) REFERENCES content_revisions(id) DEFERRABLE INITIALLY DEFERRED,
  ADD FOREIGN KEY (published_revision_id) REFERENCES content_revisions(id) DEFERRABLE INITIALLY DEFERRED,
  ADD FOREIGN KEY (scheduled_revision_id) REFERENCES content_revisions(id) DEFERRABLE INITIALLY DEFERRED;

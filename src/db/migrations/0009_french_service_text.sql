-- The French version of what clients read about a service and a practitioner,
-- typed by the clinic's staff beside the English. Empty: French pages, e-mails
-- and the client's account show the English, marked as English.
ALTER TABLE services
  ADD COLUMN name_fr text NOT NULL DEFAULT '' CONSTRAINT services_name_fr_check CHECK (char_length(name_fr) <= 120),
  ADD COLUMN description_fr text NOT NULL DEFAULT '' CONSTRAINT services_description_fr_check CHECK (char_length(description_fr) <= 2000);

ALTER TABLE practitioners
  ADD COLUMN title_fr text NOT NULL DEFAULT '' CONSTRAINT practitioners_title_fr_check CHECK (char_length(title_fr) <= 100);

-- The language a client reads their e-mails and their account in: English or
-- French. Set from the booking form's language when they book, and from the
-- language switch in their account. Existing clients read English, as before.
ALTER TABLE clients
  ADD COLUMN preferred_locale text NOT NULL DEFAULT 'en' CONSTRAINT clients_preferred_locale_check CHECK (preferred_locale IN ('en', 'fr'));

-- A "tell me when I'm eligible" reminder goes out in the language of the page
-- it was asked for on.
ALTER TABLE eligibility_reminders
  ADD COLUMN locale text NOT NULL DEFAULT 'en' CONSTRAINT eligibility_reminders_locale_check CHECK (locale IN ('en', 'fr'));

-- Text messages (src/notifications/texts.ts, docs/texts.md).
--
-- The outbox carries texts beside e-mails, so a text is claimed, leased and
-- sent exactly as an e-mail is (docs/jobs.md): channel 'sms' rows hold the
-- mobile number (E.164) in to_address and the text in body_text; their
-- subject and body_html are empty. A text never carries health information.
ALTER TABLE outbox_messages
  ADD COLUMN channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));

-- A client's agreement to texts: the mobile number they gave for it (E.164),
-- when they agreed, and when they replied STOP (or ARRET) to the clinic's
-- number. Texts go only to an agreed number that has not stopped them; a
-- STOP is kept until the client replies START or agrees again in their
-- account. Contact data, not health information; every change is audited.
ALTER TABLE clients
  ADD COLUMN text_mobile text CHECK (text_mobile ~ '^\+[1-9][0-9]{7,14}$'),
  ADD COLUMN texts_agreed_at timestamptz,
  ADD COLUMN texts_stopped_at timestamptz;

CREATE INDEX clients_text_mobile ON clients (text_mobile) WHERE text_mobile IS NOT NULL;

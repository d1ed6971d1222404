-- The Reply-To of an e-mail (docs/operations.md, "E-mail"): the clinic's
-- e-mail address as it stood when the message was queued, so a client's reply
-- to a message sent from the no-reply sender reaches the clinic. NULL for a
-- text (channel 'sms'), and for e-mails queued before this column existed.
ALTER TABLE outbox_messages ADD COLUMN reply_to text;

-- E-mails still waiting to go out get the clinic's address now (its first
-- location's, as the messages' own signatures use).
UPDATE outbox_messages m
SET reply_to = (
  SELECT l.email FROM locations l
  WHERE l.organization_id = m.organization_id AND l.email <> ''
  ORDER BY l.created_at LIMIT 1
)
WHERE m.channel = 'email' AND m.status IN ('pending', 'sending');

-- +goose Up
-- Replies to a person's own message go through the delivery queue too, so
-- that intake answers the platform as soon as the turn commits instead of
-- waiting for the send limits.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast', 'cover', 'reply'));

-- +goose Down
DELETE FROM deliveries WHERE source = 'reply';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast', 'cover'));

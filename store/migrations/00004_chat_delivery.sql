-- +goose Up
-- A chat account whose platform refuses messages (the person blocked the
-- bot, the chat is gone) is not sent to again until they write.
ALTER TABLE chat_identities ADD COLUMN blocked_at timestamptz;

-- +goose Down
ALTER TABLE chat_identities DROP COLUMN blocked_at;

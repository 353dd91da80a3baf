-- +goose Up
-- WeCom (企业微信) is a chat platform of the same rank as Slack and
-- Telegram: its members link accounts (by userid) and are sent deliveries.
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_platform_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_platform_check CHECK (platform IN ('slack', 'telegram', 'wecom'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_platform_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_platform_check CHECK (platform IN ('slack', 'telegram', 'console', 'wecom'));

-- +goose Down
DELETE FROM deliveries WHERE platform = 'wecom';
DELETE FROM chat_identities WHERE platform = 'wecom';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_platform_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_platform_check CHECK (platform IN ('slack', 'telegram', 'console'));
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_platform_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_platform_check CHECK (platform IN ('slack', 'telegram'));

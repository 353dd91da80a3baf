-- +goose Up
-- Slack accounts can be linked by matching the e-mail address in the org
-- file with the workspace's (users.lookupByEmail).
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_linked_via_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_linked_via_check
    CHECK (linked_via IN ('orgfile', 'invite', 'email'));

-- +goose Down
DELETE FROM chat_identities WHERE linked_via = 'email';
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_linked_via_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_linked_via_check
    CHECK (linked_via IN ('orgfile', 'invite'));

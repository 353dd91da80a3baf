-- +goose Up
-- Every private message that is not a command asks whether its sender is
-- answering an application (a candidate is nobody of any org yet, so the
-- question comes before the org is known): looked up by the chat account
-- alone. candidates_account leads with org_id and cannot serve it.
CREATE INDEX candidates_by_account ON candidates (platform, user_id) WHERE erased_at IS NULL;

-- +goose Down
DROP INDEX candidates_by_account;

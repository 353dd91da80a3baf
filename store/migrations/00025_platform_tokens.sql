-- +goose Up
-- Access tokens of chat platforms that hand out short-lived ones (WeCom's
-- last two hours), shared by every replica so that one of them asks for a
-- new token when it runs out, not each. key names the app and credential
-- (corp id and a hash of the secret), never the secret itself.
CREATE TABLE platform_tokens (
    key        text PRIMARY KEY CHECK (key <> ''),
    token      text NOT NULL CHECK (token <> ''),
    expires_at timestamptz NOT NULL,
    fetched_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE platform_tokens;

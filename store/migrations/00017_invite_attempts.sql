-- +goose Up
-- Failed invite code redemptions, for the lockout that keeps codes from
-- being guessed: core counts an account's recent failures before it tries
-- a code. org_id is the org whose invite the code was when it was one
-- (used, expired); NULL for a code no invite has.
CREATE TABLE invite_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform     text NOT NULL,
    external_id  text NOT NULL,
    org_id       bigint, -- bookkeeping only, like inbound_deliveries
    reason       text NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX invite_attempts_account ON invite_attempts (platform, external_id, at DESC);

-- +goose Down
DROP TABLE invite_attempts;

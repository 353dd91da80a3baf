-- +goose Up
-- The web console signs people in without passwords: a one-time link asked
-- for in chat (or Telegram's signed Mini App data) starts a session. Only
-- hashes of the link and session tokens are stored.
CREATE TABLE signin_links (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL,
    employee_id bigint NOT NULL,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    via         text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at     timestamptz,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX signin_links_expires ON signin_links (expires_at);

CREATE TABLE web_sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    csrf_token   text NOT NULL CHECK (length(csrf_token) >= 32),
    via          text NOT NULL,
    locale       text CHECK (locale IN ('zh-CN', 'en')),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX web_sessions_employee ON web_sessions (org_id, employee_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- +goose Down
DROP TABLE web_sessions;
DROP TABLE signin_links;

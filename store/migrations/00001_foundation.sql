-- +goose Up
-- Groups sit above orgs: they are the only table without an org_id.
CREATE TABLE org_groups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name        text NOT NULL CHECK (name <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- An org's id is the org_id every other table carries.
CREATE TABLE orgs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id        bigint REFERENCES org_groups (id),
    key             text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name            text NOT NULL CHECK (name <> ''),
    time_zone       text NOT NULL CHECK (time_zone <> ''),
    default_locale  text NOT NULL CHECK (default_locale IN ('zh-CN', 'en')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES orgs (id),
    key         text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name        text NOT NULL CHECK (name <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, key),
    UNIQUE (org_id, id)
);

CREATE TABLE employees (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES orgs (id),
    key         text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name        text NOT NULL CHECK (name <> ''),
    email       text NOT NULL DEFAULT '',
    role        text NOT NULL CHECK (role IN ('employee', 'manager', 'hr', 'admin')),
    job         text NOT NULL DEFAULT '',
    team_id     bigint,
    manager_id  bigint,
    hire_date   date,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    locale      text CHECK (locale IN ('zh-CN', 'en')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, key),
    UNIQUE (org_id, id),
    -- Team and manager must be in the employee's own org.
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id),
    FOREIGN KEY (org_id, manager_id) REFERENCES employees (org_id, id),
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE UNIQUE INDEX employees_org_email ON employees (org_id, lower(email)) WHERE email <> '';

-- A chat account belongs to exactly one employee; an employee has at most one
-- account per platform. The console needs no rows: it is trusted locally.
CREATE TABLE chat_identities (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    platform     text NOT NULL CHECK (platform IN ('slack', 'telegram')),
    external_id  text NOT NULL CHECK (external_id <> ''),
    linked_via   text NOT NULL CHECK (linked_via IN ('orgfile', 'invite')),
    linked_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    UNIQUE (platform, external_id),
    UNIQUE (org_id, employee_id, platform)
);

CREATE TABLE invite_codes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    code_hash    bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
    created_by   bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at      timestamptz,
    used_by      text,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, created_by) REFERENCES employees (org_id, id)
);

-- The audit log has no foreign keys on purpose: it outlives what it
-- describes, and checking them would make every audited write lock the
-- org's row, which serialises the 9:00 check-in storm.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    at           timestamptz NOT NULL,
    actor_id     bigint,
    actor_label  text NOT NULL DEFAULT '',
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text NOT NULL DEFAULT '',
    before       jsonb,
    after        jsonb,
    channel      text NOT NULL,
    outcome      text NOT NULL CHECK (outcome IN ('ok', 'denied')),
    reason       text NOT NULL DEFAULT '',
    CHECK (actor_id IS NOT NULL OR actor_label <> '')
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at DESC);

-- Conversation state and intake bookkeeping start before the speaker is
-- known (an unlinked account sending /start), so org_id may be null here.
CREATE TABLE dialogs (
    platform    text NOT NULL,
    chat_id     text NOT NULL,
    user_id     text NOT NULL,
    org_id      bigint REFERENCES orgs (id) ON DELETE CASCADE,
    name        text NOT NULL,
    step        text NOT NULL,
    data        jsonb NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);

CREATE TABLE inbound_deliveries (
    platform     text NOT NULL,
    delivery_id  text NOT NULL,
    org_id       bigint, -- bookkeeping only: no foreign key to lock on every message
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (platform, delivery_id)
);

-- +goose Down
DROP TABLE inbound_deliveries;
DROP TABLE dialogs;
DROP TABLE audit_log;
DROP TABLE invite_codes;
DROP TABLE chat_identities;
DROP TABLE employees;
DROP TABLE teams;
DROP TABLE orgs;
DROP TABLE org_groups;

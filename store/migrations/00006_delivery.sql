-- +goose Up
-- deliveries is the ledger of everything hrbot sends on its own, one row per
-- recipient of a notification, reminder occurrence or broadcast. Its key is
-- the uniqueness key: a row exists once, so a message is queued once. The
-- queue itself (retries, backoff, replicas) is River's, in its own tables.
CREATE TABLE deliveries (
    key          text PRIMARY KEY,
    org_id       bigint NOT NULL REFERENCES orgs (id),
    employee_id  bigint,
    platform     text NOT NULL CHECK (platform IN ('slack', 'telegram')),
    external_id  text NOT NULL CHECK (external_id <> ''),
    source       text NOT NULL CHECK (source IN ('notification', 'reminder', 'broadcast')),
    source_id    bigint NOT NULL,
    -- sending is written before the platform is called: a job found in it
    -- again died mid-call and is "in doubt".
    state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts     int NOT NULL DEFAULT 0,
    in_doubt     boolean NOT NULL DEFAULT false,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX deliveries_source ON deliveries (source, source_id);
CREATE INDEX deliveries_open ON deliveries (platform) WHERE state IN ('queued', 'sending');
CREATE INDEX deliveries_failed ON deliveries (updated_at) WHERE state = 'failed';

-- A notification is handed to the queue once; the console still reads
-- those no platform account could take.
ALTER TABLE notifications ADD COLUMN enqueued_at timestamptz;
CREATE INDEX notifications_unqueued ON notifications (id) WHERE enqueued_at IS NULL AND delivered_at IS NULL;

-- Reminder rules as applied from the org file.
CREATE TABLE reminder_rules (
    org_id      bigint NOT NULL REFERENCES orgs (id),
    key         text NOT NULL,
    spec        jsonb NOT NULL,
    -- Occurrences up to here have been decided (sent or skipped); the
    -- scheduler moves it forward under a row lock, so one replica decides.
    checked_until timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);
ALTER TABLE orgs ADD COLUMN reminder_late_after interval NOT NULL DEFAULT '1 hour';

CREATE TABLE reminder_occurrences (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES orgs (id),
    rule_key    text NOT NULL,
    due_at      timestamptz NOT NULL,
    clock       int NOT NULL DEFAULT -1,
    status      text NOT NULL CHECK (status IN ('sent', 'late', 'non_working_day', 'nobody')),
    recipients  int NOT NULL DEFAULT 0,
    decided_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, rule_key, due_at, clock)
);

CREATE TABLE broadcasts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES orgs (id),
    created_by  bigint NOT NULL,
    audience    text NOT NULL,
    text        text NOT NULL CHECK (text <> ''),
    recipients  int NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- null while a draft: the confirm press sets it, once
    sent_at     timestamptz
);

-- +goose Down
DROP TABLE broadcasts;
DROP TABLE reminder_occurrences;
ALTER TABLE orgs DROP COLUMN reminder_late_after;
DROP TABLE reminder_rules;
DROP INDEX notifications_unqueued;
ALTER TABLE notifications DROP COLUMN enqueued_at;
DROP TABLE deliveries;

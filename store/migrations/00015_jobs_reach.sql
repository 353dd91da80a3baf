-- +goose Up
-- An org's jobs as its org file declares them: the key people and shifts
-- are stored under, the names shown (by language; '' = for everyone) and
-- the other words people type for them. An org without rows here knows its
-- jobs by the keys its people and shifts use.
CREATE TABLE org_jobs (
    org_id   bigint NOT NULL REFERENCES orgs (id),
    key      text NOT NULL CHECK (key <> ''),
    names    jsonb NOT NULL DEFAULT '{}',
    aliases  text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (org_id, key)
);

-- The ledger keeps what each delivery says, so that a process other than
-- the one that queued it can show it (the console shows a person what is
-- still waiting for them), and who it is sent on behalf of, who is told if
-- it cannot be delivered.
ALTER TABLE deliveries ADD COLUMN message jsonb;
ALTER TABLE deliveries ADD COLUMN edit_of text;
ALTER TABLE deliveries ADD COLUMN sender_id bigint;
-- People with no chat account the platforms could reach get their copy on
-- the console (`hrbot chat`): platform console, external id "org/person".
ALTER TABLE deliveries DROP CONSTRAINT deliveries_platform_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_platform_check CHECK (platform IN ('slack', 'telegram', 'console'));
CREATE INDEX deliveries_waiting_for ON deliveries (employee_id) WHERE state = 'queued';

-- +goose Down
DROP INDEX deliveries_waiting_for;
DELETE FROM deliveries WHERE platform = 'console';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_platform_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_platform_check CHECK (platform IN ('slack', 'telegram'));
ALTER TABLE deliveries DROP COLUMN sender_id;
ALTER TABLE deliveries DROP COLUMN edit_of;
ALTER TABLE deliveries DROP COLUMN message;
DROP TABLE org_jobs;

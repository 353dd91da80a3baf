-- +goose Up
-- WeCom accounts are linked by the directory sync (`hrbot wecom sync`):
-- a member's userid is their chat identity on platform 'wecom' (allowed
-- since 00023), linked via 'directory'.
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_linked_via_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_linked_via_check
    CHECK (linked_via IN ('orgfile', 'invite', 'email', 'directory'));

-- Punches imported from another system (WeCom's own check-in), each once:
-- source and the record's identity there (for WeCom userid, time and type).
CREATE TABLE imported_punches (
    org_id       bigint NOT NULL,
    source       text NOT NULL CHECK (source <> ''),
    external_key text NOT NULL CHECK (external_key <> ''),
    employee_id  bigint NOT NULL,
    work_date    date NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, source, external_key),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE imported_punches;
DELETE FROM chat_identities WHERE linked_via = 'directory';
ALTER TABLE chat_identities DROP CONSTRAINT chat_identities_linked_via_check;
ALTER TABLE chat_identities ADD CONSTRAINT chat_identities_linked_via_check
    CHECK (linked_via IN ('orgfile', 'invite', 'email'));

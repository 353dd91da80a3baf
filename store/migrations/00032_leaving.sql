-- +goose Up
-- A resignation (离职): the person's own (resign) or HR ending the
-- employment (dismiss), with its last day and the notice the law asked
-- when it was filed (Labour Contract Law art. 37), through an approval
-- chain — the manager, then HR — until the last-day pass makes it done.
CREATE TABLE resignations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    employee_id    bigint NOT NULL,
    requested_by   bigint NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('resign', 'dismiss')),
    last_day       date NOT NULL,
    notice_days    int NOT NULL CHECK (notice_days >= 0),
    reason         text NOT NULL DEFAULT '',
    status         text NOT NULL CHECK (status IN ('pending', 'approved', 'done', 'rejected', 'cancelled')),
    step           text NOT NULL CHECK (step IN ('manager', 'hr')),
    approver_id    bigint,
    decided_by     bigint,
    decided_at     timestamptz,
    reject_reason  text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    applied_at     timestamptz,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, requested_by) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    CHECK (kind = 'resign' OR reason <> '')
);
-- One open resignation a person.
CREATE UNIQUE INDEX resignations_one_open ON resignations (employee_id) WHERE status IN ('pending', 'approved');
CREATE INDEX resignations_due ON resignations (last_day) WHERE status = 'approved';

-- +goose Down
DROP TABLE resignations;

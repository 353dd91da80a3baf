-- +goose Up
-- A transfer (调岗) moves a person to another job, team, manager, shift
-- schedule or pay from an effective date, after an approval chain: their
-- current manager, the receiving manager, HR. A NULL target column is left
-- as it is; schedule_key '' is the org's standard hours. from_* are the
-- values when it was asked for, for showing "from → to".
CREATE TABLE transfers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL,
    employee_id      bigint NOT NULL,
    requested_by     bigint NOT NULL,
    effective_date   date NOT NULL,
    reason           text NOT NULL CHECK (reason <> ''),
    status           text NOT NULL CHECK (status IN ('pending', 'approved', 'done', 'rejected', 'cancelled')),
    step             text NOT NULL CHECK (step IN ('manager', 'receiving', 'hr')),
    approver_id      bigint,
    job              text,
    team_id          bigint,
    manager_id       bigint,
    schedule_key     text,
    rotation_offset  int,
    -- Pay terms it sets (kind, salary, hourly_rate, allowances as exact
    -- decimal strings); the rest of the pay profile stays.
    pay              jsonb,
    from_job         text NOT NULL DEFAULT '',
    from_team_id     bigint,
    from_manager_id  bigint,
    from_schedule    text NOT NULL DEFAULT '',
    from_offset      int NOT NULL DEFAULT 0,
    decided_by       bigint,
    decided_at       timestamptz,
    reject_reason    text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz NOT NULL,
    applied_at       timestamptz,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, requested_by) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id),
    FOREIGN KEY (org_id, manager_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    CHECK (manager_id IS NULL OR manager_id <> employee_id)
);
-- One open transfer a person: a second waits until the first is decided
-- and in effect, so two never race for the same day.
CREATE UNIQUE INDEX transfers_one_open ON transfers (employee_id) WHERE status IN ('pending', 'approved');
CREATE INDEX transfers_due ON transfers (effective_date) WHERE status = 'approved';
CREATE INDEX transfers_org ON transfers (org_id, status);

-- A person's assignments: from from_date on (NULL: since they joined)
-- until the next row's from_date, this job, team, manager, schedule and
-- pay. Rows are written when a transfer takes effect; the person's latest
-- row is the present, whose values the employees row (and pay profile)
-- holds. Days before a transfer are judged, reported and paid by these.
CREATE TABLE assignments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL,
    employee_id      bigint NOT NULL,
    from_date        date,
    job              text NOT NULL DEFAULT '',
    team_id          bigint,
    manager_id       bigint REFERENCES employees (id) ON DELETE SET NULL,
    schedule_key     text NOT NULL DEFAULT '',
    rotation_offset  int NOT NULL DEFAULT 0,
    pay              jsonb,
    transfer_id      bigint REFERENCES transfers (id) ON DELETE SET NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id)
);
CREATE UNIQUE INDEX assignments_from ON assignments (employee_id, coalesce(from_date, '-infinity'::date));
CREATE INDEX assignments_org ON assignments (org_id, employee_id);

-- +goose Down
DROP TABLE assignments;
DROP TABLE transfers;

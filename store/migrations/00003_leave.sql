-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE employees
    ADD COLUMN delegate_id bigint,
    ADD COLUMN career_start date,
    ADD FOREIGN KEY (org_id, delegate_id) REFERENCES employees (org_id, id),
    ADD CHECK (delegate_id IS NULL OR delegate_id <> id);

CREATE TABLE leave_policies (
    org_id                 bigint PRIMARY KEY REFERENCES orgs (id),
    day_minutes            int NOT NULL CHECK (day_minutes > 0),
    hr_approval_over_days  int NOT NULL CHECK (hr_approval_over_days >= 0),
    resend_after_hours     int NOT NULL CHECK (resend_after_hours > 0)
);

CREATE TABLE leave_types (
    org_id             bigint NOT NULL REFERENCES orgs (id),
    key                text NOT NULL,
    name               text NOT NULL,
    aliases            text[] NOT NULL DEFAULT '{}',
    paid               boolean NOT NULL,
    unit               text NOT NULL CHECK (unit IN ('day', 'half_day', 'hour')),
    accrual            text NOT NULL CHECK (accrual IN ('none', 'fixed', 'statutory_cn', 'rest_day_overtime')),
    entitlement_days   int NOT NULL DEFAULT 0 CHECK (entitlement_days >= 0),
    carry_over_days    int NOT NULL DEFAULT 0 CHECK (carry_over_days >= 0),
    carry_over_expiry  text NOT NULL DEFAULT '',
    reason_required    boolean NOT NULL DEFAULT false,
    attachment_required boolean NOT NULL DEFAULT false,
    allow_negative     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, key)
);

CREATE TABLE leave_requests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    employee_id    bigint NOT NULL,
    type_key       text NOT NULL,
    from_date      date NOT NULL,
    to_date        date NOT NULL,
    from_part      text NOT NULL CHECK (from_part IN ('full', 'morning', 'afternoon')),
    to_part        text NOT NULL CHECK (to_part IN ('full', 'morning', 'afternoon')),
    -- The time the leave covers, in the org's time zone, for the overlap rule.
    period         tstzrange NOT NULL CHECK (NOT isempty(period)),
    minutes        int NOT NULL CHECK (minutes >= 0),
    reason         text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    step           text NOT NULL DEFAULT 'manager' CHECK (step IN ('manager', 'hr')),
    approver_id    bigint,
    decided_by     bigint,
    decided_at     timestamptz,
    reject_reason  text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    sent_at        timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, type_key) REFERENCES leave_types (org_id, key),
    FOREIGN KEY (org_id, approver_id) REFERENCES employees (org_id, id),
    CHECK (to_date >= from_date),
    -- No two live requests of one person overlap, whatever races.
    EXCLUDE USING gist (org_id WITH =, employee_id WITH =, period WITH &&) WHERE (status IN ('pending', 'approved'))
);
CREATE INDEX leave_requests_approver ON leave_requests (org_id, approver_id) WHERE status = 'pending';
CREATE INDEX leave_requests_dates ON leave_requests (org_id, from_date, to_date) WHERE status = 'approved';

-- Manual adjustments of a balance (HR's corrections, a negotiated extra day).
CREATE TABLE leave_adjustments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    type_key     text NOT NULL,
    year         int NOT NULL,
    minutes      int NOT NULL,
    note         text NOT NULL,
    created_by   bigint,
    created_at   timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, type_key) REFERENCES leave_types (org_id, key)
);

-- Facts other capabilities react to ("shift uncovered" for the cover pool),
-- written in the transaction of the change that caused them.
CREATE TABLE domain_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    consumed_at  timestamptz
);
CREATE INDEX domain_events_pending ON domain_events (kind, id) WHERE consumed_at IS NULL;

-- +goose Down
DROP TABLE domain_events;
DROP TABLE leave_adjustments;
DROP TABLE leave_requests;
DROP TABLE leave_types;
DROP TABLE leave_policies;
ALTER TABLE employees DROP COLUMN delegate_id, DROP COLUMN career_start;

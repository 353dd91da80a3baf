-- +goose Up
-- The local monthly minimum wage an org's drafts compare net pay with
-- (0: not set).
ALTER TABLE payroll_policies ADD COLUMN minimum_wage numeric(12, 2) NOT NULL DEFAULT 0 CHECK (minimum_wage >= 0);

-- What a draft found worth HR's attention (a month not finished, people
-- without records, net pay below zero or the minimum wage), and the reason
-- HR gave for approving a run despite it.
ALTER TABLE payroll_runs
    ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN override_reason text NOT NULL DEFAULT '';

-- Year-to-date figures from before hrbot, for an org that starts mid-year:
-- what the person was paid, had deducted and withheld with this employer
-- in the first `months` months of `year`. The first run of the year starts
-- its cumulative tax from them.
CREATE TABLE payroll_openings (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    year         int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    months       int NOT NULL CHECK (months BETWEEN 0 AND 11),
    income       numeric(14, 2) NOT NULL CHECK (income >= 0),
    deductions   numeric(14, 2) NOT NULL CHECK (deductions >= 0),
    additional   numeric(14, 2) NOT NULL CHECK (additional >= 0),
    withheld     numeric(14, 2) NOT NULL CHECK (withheld >= 0),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (employee_id, year),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX payroll_openings_org ON payroll_openings (org_id, year);

-- +goose Down
DROP TABLE payroll_openings;
ALTER TABLE payroll_runs DROP COLUMN override_reason, DROP COLUMN warnings;
ALTER TABLE payroll_policies DROP COLUMN minimum_wage;

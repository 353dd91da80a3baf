-- +goose Up
-- How an org pays: the rules payroll/Rules holds, with China's defaults.
CREATE TABLE payroll_policies (
    org_id             bigint PRIMARY KEY REFERENCES orgs (id),
    day_divisor        numeric(6, 2) NOT NULL DEFAULT 21.75 CHECK (day_divisor > 0),
    day_hours          numeric(4, 2) NOT NULL DEFAULT 8 CHECK (day_hours > 0),
    late_penalty       numeric(12, 2) NOT NULL DEFAULT 0 CHECK (late_penalty >= 0),
    late_free          int NOT NULL DEFAULT 0 CHECK (late_free >= 0),
    overtime_workday   numeric(4, 2) NOT NULL DEFAULT 1.5,
    overtime_rest_day  numeric(4, 2) NOT NULL DEFAULT 2,
    overtime_holiday   numeric(4, 2) NOT NULL DEFAULT 3,
    rest_day_as_leave  boolean NOT NULL DEFAULT false,
    tax_rule           text NOT NULL DEFAULT 'cn_cumulative'
);

-- A person's pay. The bank account is sealed with HRBOT_ENCRYPTION_KEY
-- (AES-256-GCM); only its last four digits are kept in the clear, to show.
CREATE TABLE pay_profiles (
    employee_id         bigint PRIMARY KEY,
    org_id              bigint NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('monthly', 'hourly')),
    salary              numeric(12, 2) NOT NULL DEFAULT 0 CHECK (salary >= 0),
    hourly_rate         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (hourly_rate >= 0),
    allowances          jsonb NOT NULL DEFAULT '[]',
    cover_rate          numeric(12, 2) NOT NULL DEFAULT 0 CHECK (cover_rate >= 0),
    social_base         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (social_base >= 0),
    housing_base        numeric(12, 2) NOT NULL DEFAULT 0 CHECK (housing_base >= 0),
    pension_rate        numeric(6, 4) NOT NULL,
    medical_rate        numeric(6, 4) NOT NULL,
    unemployment_rate   numeric(6, 4) NOT NULL,
    housing_rate        numeric(6, 4) NOT NULL,
    special_additional  numeric(12, 2) NOT NULL DEFAULT 0 CHECK (special_additional >= 0),
    bank_name           text NOT NULL DEFAULT '',
    bank_account        bytea,
    bank_last4          text NOT NULL DEFAULT '',
    updated_at          timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);

-- A run is one org's payroll for one month: drafted (and re-drafted) until
-- HR approves it; approved, its lines never change (the triggers below
-- make that the database's rule, not only the code's).
CREATE TABLE payroll_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL REFERENCES orgs (id),
    period       text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    drafted_at   timestamptz NOT NULL,
    drafted_by   text NOT NULL,
    approved_at  timestamptz,
    approved_by  bigint,
    UNIQUE (org_id, period)
);

CREATE TABLE payroll_lines (
    run_id       bigint NOT NULL REFERENCES payroll_runs (id),
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    gross        numeric(14, 2) NOT NULL,
    social       numeric(14, 2) NOT NULL,
    tax          numeric(14, 2) NOT NULL,
    net          numeric(14, 2) NOT NULL,
    lines        jsonb NOT NULL,
    ytd          jsonb NOT NULL,
    PRIMARY KEY (run_id, employee_id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id)
);

-- Corrections to an approved run go into a later period.
CREATE TABLE payroll_adjustments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    period       text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
    description  text NOT NULL,
    amount       numeric(12, 2) NOT NULL,
    taxable      boolean NOT NULL DEFAULT true,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX payroll_adjustments_period ON payroll_adjustments (org_id, period);

-- +goose StatementBegin
CREATE FUNCTION payroll_approved_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'payroll_runs' THEN
        IF OLD.status = 'approved' THEN
            RAISE EXCEPTION 'payroll run % is approved and cannot change', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF EXISTS (SELECT 1 FROM payroll_runs
               WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END AND status = 'approved') THEN
        RAISE EXCEPTION 'payroll run is approved and cannot change' USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
-- +goose StatementEnd
CREATE TRIGGER payroll_runs_final BEFORE UPDATE OR DELETE ON payroll_runs
    FOR EACH ROW EXECUTE FUNCTION payroll_approved_is_final();
CREATE TRIGGER payroll_lines_final BEFORE INSERT OR UPDATE OR DELETE ON payroll_lines
    FOR EACH ROW EXECUTE FUNCTION payroll_approved_is_final();

-- +goose Down
DROP TABLE payroll_adjustments;
DROP TABLE payroll_lines;
DROP TABLE payroll_runs;
DROP FUNCTION payroll_approved_is_final();
DROP TABLE pay_profiles;
DROP TABLE payroll_policies;

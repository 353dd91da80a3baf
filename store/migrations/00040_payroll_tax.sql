-- +goose Up
-- China's tax rules beyond the monthly wage (docs/payroll.md, "Year-end
-- bonus", "The 60,000 rule", "Labour remuneration").

-- A year-end bonus (全年一次性奖金) paid in a period, and how HR wants it
-- taxed: auto takes the lower tax of the two methods. One a period per
-- person; recording it again replaces it, until the run is approved.
CREATE TABLE payroll_bonuses (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    period       text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
    amount       numeric(14, 2) NOT NULL CHECK (amount > 0),
    method       text NOT NULL DEFAULT 'auto' CHECK (method IN ('auto', 'separate', 'combined')),
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (employee_id, period),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX payroll_bonuses_period ON payroll_bonuses (org_id, period);

-- The 60,000 rule (国家税务总局公告2020年第19号) set by HR for a person and
-- a year, where hrbot's own records do not show last year (or show it
-- wrongly, or the person declined it): applies true or false overrides
-- what the records say.
CREATE TABLE payroll_sixty (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    year         int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    applies      boolean NOT NULL,
    set_by       text NOT NULL,
    set_at       timestamptz NOT NULL,
    PRIMARY KEY (employee_id, year),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);

-- People paid labour remuneration (劳务报酬) have a pay profile of kind
-- labour: their agreed fee in salary.
ALTER TABLE pay_profiles DROP CONSTRAINT pay_profiles_kind_check;
ALTER TABLE pay_profiles ADD CONSTRAINT pay_profiles_kind_check CHECK (kind IN ('monthly', 'hourly', 'labour'));

-- +goose Down
ALTER TABLE pay_profiles DROP CONSTRAINT pay_profiles_kind_check;
ALTER TABLE pay_profiles ADD CONSTRAINT pay_profiles_kind_check CHECK (kind IN ('monthly', 'hourly'));
DROP TABLE payroll_sixty;
DROP TABLE payroll_bonuses;

-- +goose Up
-- First wages of the year (国家税务总局公告2020年第13号; docs/payroll.md,
-- "First wages of the year"): HR marks a person whose first wage income of
-- a tax year is with this employer (no wages from anyone earlier that
-- year), so the cumulative basic deduction counts from January. hrbot
-- cannot know the person's other employers: a row is the mark, its
-- absence no mark.
CREATE TABLE payroll_first_wages (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    year         int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    set_by       text NOT NULL,
    set_at       timestamptz NOT NULL,
    PRIMARY KEY (employee_id, year),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX payroll_first_wages_year ON payroll_first_wages (org_id, year);

-- +goose Down
DROP TABLE payroll_first_wages;

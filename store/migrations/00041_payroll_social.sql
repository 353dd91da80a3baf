-- +goose Up
-- Social insurance and housing fund: the city whose bases apply to a
-- person whose file names none, and the employer's rates, with the rest of
-- an org's payroll rules.
ALTER TABLE payroll_policies
    ADD COLUMN social_city     text NOT NULL DEFAULT '',
    ADD COLUMN employer_rates  jsonb NOT NULL DEFAULT '{}';

-- The contribution base floor and ceiling of a city from a month on (a
-- year's bases start in its January, or in July where the city switches
-- then). A ceiling of 0 is none.
CREATE TABLE payroll_social_bases (
    org_id           bigint NOT NULL REFERENCES orgs (id),
    city             text NOT NULL CHECK (city <> ''),
    from_month       text NOT NULL CHECK (from_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
    social_floor     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (social_floor >= 0),
    social_ceiling   numeric(12, 2) NOT NULL DEFAULT 0 CHECK (social_ceiling >= 0),
    housing_floor    numeric(12, 2) NOT NULL DEFAULT 0 CHECK (housing_floor >= 0),
    housing_ceiling  numeric(12, 2) NOT NULL DEFAULT 0 CHECK (housing_ceiling >= 0),
    PRIMARY KEY (org_id, city, from_month)
);

-- The employer's part of each payslip: its contributions on the same
-- bases (the cost of labour), never on the employee's net pay.
ALTER TABLE payroll_lines
    ADD COLUMN employer        numeric(14, 2) NOT NULL DEFAULT 0,
    ADD COLUMN employer_lines  jsonb NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE payroll_lines DROP COLUMN employer_lines, DROP COLUMN employer;
DROP TABLE payroll_social_bases;
ALTER TABLE payroll_policies DROP COLUMN employer_rates, DROP COLUMN social_city;

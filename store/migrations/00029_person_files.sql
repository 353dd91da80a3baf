-- +goose Up
-- Each person's file (员工档案). The sensitive fields — ID number, phone,
-- address, emergency contact's phone — are sealed (AES-256-GCM under
-- HRBOT_ENCRYPTION_KEY, bound to the row and column), never stored in
-- clear. erased_at marks a file the retention rule emptied.
CREATE TABLE person_files (
    employee_id         bigint PRIMARY KEY,
    org_id              bigint NOT NULL,
    legal_name          text NOT NULL DEFAULT '',
    id_type             text NOT NULL DEFAULT ''
                        CHECK (id_type IN ('', 'resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit', 'foreign_pr', 'other')),
    id_number           bytea,
    birth_date          date,
    gender              text NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male')),
    phone               bytea,
    address             bytea,
    emergency_name      text NOT NULL DEFAULT '',
    emergency_relation  text NOT NULL DEFAULT '',
    emergency_phone     bytea,
    education           text NOT NULL DEFAULT ''
                        CHECK (education IN ('', 'below_high_school', 'high_school', 'technical_secondary', 'junior_college',
                                             'bachelor', 'master', 'doctorate')),
    school              text NOT NULL DEFAULT '',
    major               text NOT NULL DEFAULT '',
    graduation_year     int CHECK (graduation_year BETWEEN 1900 AND 2200),
    insurance_city      text NOT NULL DEFAULT '',
    updated_at          timestamptz NOT NULL,
    erased_at           timestamptz,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);

-- Corrections a person asks HR for. A value for a sensitive field is
-- sealed like the field; the others are kept as typed.
CREATE TABLE person_file_corrections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL,
    employee_id   bigint NOT NULL,
    field         text NOT NULL CHECK (field <> ''),
    value         text NOT NULL DEFAULT '',
    sealed_value  bytea,
    reason        text NOT NULL DEFAULT '',
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by    bigint,
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, decided_by) REFERENCES employees (org_id, id),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX person_file_corrections_person ON person_file_corrections (org_id, employee_id);

-- How long an org keeps the files of people who left (org file
-- retention.years_after_leaving); an org without a row keeps them two years.
CREATE TABLE retention_policies (
    org_id               bigint PRIMARY KEY REFERENCES orgs (id),
    years_after_leaving  int NOT NULL CHECK (years_after_leaving BETWEEN 2 AND 100)
);

-- +goose Down
DROP TABLE retention_policies;
DROP TABLE person_file_corrections;
DROP TABLE person_files;

-- +goose Up
CREATE TABLE training_policies (
    org_id              bigint PRIMARY KEY REFERENCES orgs (id),
    certificate_months  int NOT NULL CHECK (certificate_months >= 0),  -- 0: certificates do not expire
    retake_hours        int NOT NULL CHECK (retake_hours >= 0)
);

-- A quiz bank as imported; bank holds the whole parsed file. version
-- grows when a re-import changes it; attempts keep the version they drew.
CREATE TABLE quiz_banks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL REFERENCES orgs (id),
    code         text NOT NULL,
    skill        text NOT NULL,
    level        int NOT NULL CHECK (level BETWEEN 1 AND 5),
    bank         jsonb NOT NULL,
    version      int NOT NULL DEFAULT 1,
    imported_at  timestamptz NOT NULL,
    UNIQUE (org_id, code),
    UNIQUE (org_id, id)
);

CREATE TABLE quiz_assignments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL,
    bank_id       bigint NOT NULL,
    employee_id   bigint NOT NULL,
    assigned_by   bigint NOT NULL,
    deadline      timestamptz,
    created_at    timestamptz NOT NULL,
    reminded_at   timestamptz,
    completed_at  timestamptz,
    FOREIGN KEY (org_id, bank_id) REFERENCES quiz_banks (org_id, id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX quiz_assignments_open ON quiz_assignments (bank_id, employee_id) WHERE completed_at IS NULL;

-- An attempt keeps its own paper (questions and choices in the order
-- shown), so answers are checked against what the person saw.
CREATE TABLE quiz_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL,
    bank_id       bigint NOT NULL,
    bank_version  int NOT NULL,
    employee_id   bigint NOT NULL,
    bank          jsonb NOT NULL,  -- the bank as drawn from: a re-import does not change a running attempt
    paper         jsonb NOT NULL,
    answers       jsonb NOT NULL DEFAULT '{}',
    selected      text[] NOT NULL DEFAULT '{}',  -- choices toggled on the current multiple-choice question
    position      int NOT NULL DEFAULT 0,
    started_at    timestamptz NOT NULL,
    deadline      timestamptz,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted')),
    submitted_at  timestamptz,
    correct       int,
    total         int,
    percent       int,
    passed        boolean,
    timed_out     boolean NOT NULL DEFAULT false,
    FOREIGN KEY (org_id, bank_id) REFERENCES quiz_banks (org_id, id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
-- one attempt in progress per person and quiz: resuming finds it
CREATE UNIQUE INDEX quiz_attempts_open ON quiz_attempts (bank_id, employee_id) WHERE status = 'open';

-- Skill levels earned by passing a quiz; the cover pool takes the higher of
-- these (while valid) and the org file's.
CREATE TABLE certifications (
    org_id        bigint NOT NULL,
    employee_id   bigint NOT NULL,
    skill         text NOT NULL,
    level         int NOT NULL CHECK (level BETWEEN 1 AND 5),
    bank_id       bigint NOT NULL,
    attempt_id    bigint NOT NULL REFERENCES quiz_attempts (id),
    certified_at  timestamptz NOT NULL,
    expires_at    timestamptz,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    PRIMARY KEY (employee_id, skill, level)
);

-- +goose Down
DROP TABLE certifications;
DROP TABLE quiz_attempts;
DROP TABLE quiz_assignments;
DROP TABLE quiz_banks;
DROP TABLE training_policies;

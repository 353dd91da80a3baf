-- +goose Up
-- Recruiting (招聘): openings made from a job, candidates who apply by
-- talking to the bot, their applications moved through the pipeline.

-- Messages to candidates are deliveries of their own source.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast', 'cover', 'reply', 'application'));

-- An org's recruiting rules from its org file: how long candidates'
-- data is kept after their application closes, after how many days in
-- one stage an application is reminded to its owner, and the screening
-- questions per job (job key → the JSON list an opening copies).
CREATE TABLE recruiting_policies (
    org_id          bigint PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    retention_days  int NOT NULL CHECK (retention_days BETWEEN 30 AND 3650),
    stale_days      int NOT NULL CHECK (stale_days BETWEEN 1 AND 90),
    questions       jsonb NOT NULL DEFAULT '{}'
);

-- An opening: a job to fill count times, owned by a hiring manager, with
-- its screening questions (a JSON list: key, text per language, kind
-- yesno|choice|text|number, knock-out rule, scoring), and the code of its
-- public apply link (a Telegram deep link /start apply-CODE, a web page).
CREATE TABLE openings (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id             bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    job                text NOT NULL CHECK (job <> ''),
    headcount          int NOT NULL CHECK (headcount BETWEEN 1 AND 100),
    hiring_manager_id  bigint NOT NULL,
    questions          jsonb NOT NULL DEFAULT '[]',
    code               text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]{6,16}$'),
    status             text NOT NULL CHECK (status IN ('open', 'closed', 'filled')),
    created_by         bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    closed_at          timestamptz,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, hiring_manager_id) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, created_by) REFERENCES employees (org_id, id)
);
CREATE INDEX openings_open ON openings (org_id) WHERE status = 'open';

-- A candidate: someone reached on a chat account (platform + user id) or
-- by the web form, who consented to their data being kept for the
-- purpose and time they were shown (PIPL). Contact details are sealed
-- like the personal file's; erased_at marks a candidate whose personal
-- data the retention pass removed (the row stays for the funnel).
CREATE TABLE candidates (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    platform       text NOT NULL DEFAULT '',
    user_id        text NOT NULL DEFAULT '',
    chat_id        text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    contact_sealed bytea,
    locale         text NOT NULL DEFAULT '',
    employee_id    bigint,            -- an internal candidate
    consent_at     timestamptz,
    talent_pool    boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    erased_at      timestamptz,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX candidates_account ON candidates (org_id, platform, user_id) WHERE platform <> '' AND erased_at IS NULL;

-- An application of a candidate to an opening, and where it stands.
-- While the candidate answers, step is the index of the next question;
-- submitted_at is set once they have answered everything (or were
-- knocked out on an answer). answers: question key → answer.
CREATE TABLE applications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id          bigint NOT NULL,
    opening_id      bigint NOT NULL,
    candidate_id    bigint NOT NULL,
    source          text NOT NULL CHECK (source IN ('link', 'referral', 'internal', 'web', 'added')),
    referrer_id     bigint,
    stage           text NOT NULL CHECK (stage IN ('applying', 'applied', 'screened', 'interview', 'offer', 'hired',
                                                  'rejected', 'withdrawn', 'knocked_out')),
    step            int NOT NULL DEFAULT 0,
    answers         jsonb NOT NULL DEFAULT '{}',
    score           numeric(6, 2) NOT NULL DEFAULT 0,
    reject_reason   text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    submitted_at    timestamptz,
    stage_since     timestamptz NOT NULL,
    reminded_at     timestamptz,
    hired_employee_id bigint,
    UNIQUE (org_id, id),
    UNIQUE (opening_id, candidate_id),
    FOREIGN KEY (org_id, opening_id) REFERENCES openings (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, referrer_id) REFERENCES employees (org_id, id) ON DELETE SET NULL,
    FOREIGN KEY (org_id, hired_employee_id) REFERENCES employees (org_id, id) ON DELETE SET NULL
);
CREATE INDEX applications_opening ON applications (org_id, opening_id, stage);
CREATE INDEX applications_candidate ON applications (org_id, candidate_id);

-- Every move of an application between stages: who (an employee, or the
-- candidate themselves when by_id is NULL), why, when. The funnel and
-- time to hire are read from here.
CREATE TABLE application_moves (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    application_id bigint NOT NULL,
    from_stage     text NOT NULL,
    to_stage       text NOT NULL,
    by_id          bigint,
    reason         text NOT NULL DEFAULT '',
    at             timestamptz NOT NULL,
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, by_id) REFERENCES employees (org_id, id) ON DELETE SET NULL
);
CREATE INDEX application_moves_app ON application_moves (org_id, application_id, at);

-- A candidate's CV (or any file they sent), sealed like documents.
CREATE TABLE candidate_files (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    candidate_id   bigint NOT NULL,
    application_id bigint,
    name           text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    mime           text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf', 'image/heic')),
    size           bigint NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256         bytea NOT NULL CHECK (length(sha256) = 32),
    sealed         bytea NOT NULL,
    created_at     timestamptz NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE
);
ALTER TABLE candidate_files ALTER COLUMN sealed SET STORAGE EXTERNAL;

-- Interview slots a manager offers an application; the candidate picks
-- one (picked_at). Reminders are marked sent so none goes twice.
CREATE TABLE interview_slots (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id          bigint NOT NULL,
    application_id  bigint NOT NULL,
    starts_at       timestamptz NOT NULL,
    minutes         int NOT NULL DEFAULT 30 CHECK (minutes BETWEEN 5 AND 480),
    place           text NOT NULL DEFAULT '',
    interviewer_id  bigint NOT NULL,
    picked_at       timestamptz,
    cancelled_at    timestamptz,
    no_show         boolean NOT NULL DEFAULT false,
    reminded_day_at  timestamptz,
    reminded_hour_at timestamptz,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, interviewer_id) REFERENCES employees (org_id, id)
);
CREATE INDEX interview_slots_due ON interview_slots (starts_at) WHERE picked_at IS NOT NULL AND cancelled_at IS NULL;

-- An interviewer's scorecard: a 1–5 score and a comment.
CREATE TABLE scorecards (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    application_id bigint NOT NULL,
    interviewer_id bigint NOT NULL,
    score          int NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment        text NOT NULL DEFAULT '',
    at             timestamptz NOT NULL,
    UNIQUE (application_id, interviewer_id),
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, interviewer_id) REFERENCES employees (org_id, id)
);

-- An offer: the terms and the candidate's answer; on acceptance the
-- person hrbot created.
CREATE TABLE offers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    application_id bigint NOT NULL UNIQUE,
    salary         numeric(12, 2) NOT NULL CHECK (salary > 0),
    pay_kind       text NOT NULL CHECK (pay_kind IN ('monthly', 'hourly')),
    start_date     date NOT NULL,
    team_id        bigint,
    manager_id     bigint,
    status         text NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'withdrawn')),
    sent_by        bigint NOT NULL,
    sent_at        timestamptz NOT NULL,
    answered_at    timestamptz,
    employee_id    bigint,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id),
    FOREIGN KEY (org_id, manager_id) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, sent_by) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE SET NULL
);

-- +goose Down
DROP TABLE offers;
DROP TABLE scorecards;
DROP TABLE interview_slots;
DROP TABLE candidate_files;
DROP TABLE application_moves;
DROP TABLE applications;
DROP TABLE candidates;
DROP TABLE openings;
DROP TABLE recruiting_policies;
DELETE FROM deliveries WHERE source = 'application';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast', 'cover', 'reply'));

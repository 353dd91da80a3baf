-- +goose Up
-- Performance (绩效): the org's result bands and bonus, review cycles,
-- each person's review in a cycle, personal goals, business numbers
-- imported per person and period, and managers' one-on-one notes.

-- An org's rules from its org file: result bands best first (a JSON
-- list of {band, min, coefficient, name}), the performance pay a band's
-- coefficient multiplies (a fixed amount, or a percent of the monthly
-- salary), and how many months after a cycle's period its bonus is paid.
CREATE TABLE perf_policies (
    org_id         bigint PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    bands          jsonb NOT NULL DEFAULT '[]',
    bonus_base     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (bonus_base >= 0),
    bonus_percent  numeric(6, 2) NOT NULL DEFAULT 0 CHECK (bonus_percent >= 0),
    pay_offset     int NOT NULL DEFAULT 1 CHECK (pay_offset BETWEEN 0 AND 3)
);

-- A review cycle HR opens for the org, a team, a job or one person (a
-- probation review): the period its facts cover, the last days of the
-- self-review, the manager review and calibration, and the payroll month
-- (its first day) its bonus lines go to, NULL for none.
CREATE TABLE perf_cycles (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name             text NOT NULL CHECK (name <> ''),
    kind             text NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'probation', 'annual')),
    scope            text NOT NULL CHECK (scope IN ('org', 'team', 'job', 'person')),
    scope_key        text NOT NULL DEFAULT '',
    period_from      date NOT NULL,
    period_to        date NOT NULL CHECK (period_to >= period_from),
    self_due         date NOT NULL,
    manager_due      date NOT NULL CHECK (manager_due >= self_due),
    calibration_due  date NOT NULL CHECK (calibration_due >= manager_due),
    pay_month        date,
    status           text NOT NULL CHECK (status IN ('open', 'published', 'cancelled')),
    created_by       bigint NOT NULL,
    created_at       timestamptz NOT NULL,
    published_by     bigint,
    published_at     timestamptz,
    UNIQUE (org_id, id)
);
CREATE INDEX perf_cycles_open ON perf_cycles (org_id) WHERE status = 'open';

-- One person's review in a cycle. kpis is what they are reviewed on (the
-- job's KPIs and their personal goals, copied when the cycle opened);
-- facts the numbers hrbot computed for the period at the last refresh.
-- Scores are maps of KPI key → {score 1–5, comment}. score is the
-- manager's weighted result, kept when calibration sets
-- calibrated_score (with its reason); band and coefficient are set when
-- the cycle's results are published.
CREATE TABLE perf_reviews (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id               bigint NOT NULL,
    cycle_id             bigint NOT NULL,
    employee_id          bigint NOT NULL,
    manager_id           bigint,
    job                  text NOT NULL DEFAULT '',
    team_id              bigint,
    kpis                 jsonb NOT NULL DEFAULT '[]',
    facts                jsonb NOT NULL DEFAULT '{}',
    facts_at             timestamptz,
    self_scores          jsonb NOT NULL DEFAULT '{}',
    self_comment         text NOT NULL DEFAULT '',
    self_done_at         timestamptz,
    manager_scores       jsonb NOT NULL DEFAULT '{}',
    manager_comment      text NOT NULL DEFAULT '',
    manager_done_at      timestamptz,
    score                numeric(4, 2),
    calibrated_score     numeric(4, 2),
    calibration_reason   text NOT NULL DEFAULT '',
    calibrated_by        bigint,
    calibrated_at        timestamptz,
    band                 text NOT NULL DEFAULT '',
    coefficient          numeric(5, 2),
    outcome              text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'confirm', 'extend', 'end')),
    published_at         timestamptz,
    appeal               text NOT NULL DEFAULT '',
    appealed_at          timestamptz,
    appeal_answer        text NOT NULL DEFAULT '',
    appeal_closed_at     timestamptz,
    self_reminded_at     timestamptz,
    manager_asked_at     timestamptz,
    manager_reminded_at  timestamptz,
    escalated_at         timestamptz,
    UNIQUE (cycle_id, employee_id),
    FOREIGN KEY (org_id, cycle_id) REFERENCES perf_cycles (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id)
);
CREATE INDEX perf_reviews_employee ON perf_reviews (org_id, employee_id);
CREATE INDEX perf_reviews_manager ON perf_reviews (org_id, manager_id) WHERE manager_done_at IS NULL;

-- A personal goal for one person and period, reviewed like a KPI of
-- their job: name per language, measure, target, weight.
CREATE TABLE perf_goals (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            bigint NOT NULL,
    employee_id       bigint NOT NULL,
    key               text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name              jsonb NOT NULL,
    measure           text NOT NULL,
    target            numeric(14, 4),
    weight            int NOT NULL DEFAULT 0 CHECK (weight BETWEEN 0 AND 100),
    higher_is_better  boolean NOT NULL DEFAULT true,
    period_from       date NOT NULL,
    period_to         date NOT NULL CHECK (period_to >= period_from),
    created_by        bigint NOT NULL,
    created_at        timestamptz NOT NULL,
    UNIQUE (org_id, employee_id, key, period_from),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id)
);

-- A business number hrbot cannot see (CSAT, response time, orders
-- handled), imported per person, metric and period. A KPI whose measure
-- is import reads the metric of its own key.
CREATE TABLE perf_metrics (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    metric       text NOT NULL CHECK (metric ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    period_from  date NOT NULL,
    period_to    date NOT NULL CHECK (period_to >= period_from),
    value        numeric(14, 4) NOT NULL,
    imported_by  bigint NOT NULL,
    imported_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, employee_id, metric, period_from, period_to),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id)
);

-- A manager's note on a one-on-one or feedback between cycles: private to
-- the author's side (the manager, HR) unless shared with the person.
CREATE TABLE perf_notes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    author_id    bigint NOT NULL,
    body         text NOT NULL CHECK (body <> '' AND length(body) <= 4000),
    shared       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id)
);
CREATE INDEX perf_notes_employee ON perf_notes (org_id, employee_id, created_at);

-- +goose Down
DROP TABLE perf_notes;
DROP TABLE perf_metrics;
DROP TABLE perf_goals;
DROP TABLE perf_reviews;
DROP TABLE perf_cycles;
DROP TABLE perf_policies;

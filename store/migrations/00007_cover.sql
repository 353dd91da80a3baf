-- +goose Up
-- Pushed messages remember where they landed, so they can be edited later
-- (an offer someone else took becomes "taken, thanks").
ALTER TABLE deliveries ADD COLUMN message_ref text;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast', 'cover'));

CREATE TABLE cover_policies (
    org_id              bigint PRIMARY KEY REFERENCES orgs (id),
    wave_size           int NOT NULL CHECK (wave_size >= 0),
    wave_minutes        int NOT NULL CHECK (wave_minutes > 0),
    weekly_cap_minutes  int NOT NULL CHECK (weekly_cap_minutes >= 0),
    rest_minutes        int NOT NULL CHECK (rest_minutes >= 0),
    sister_orgs         boolean NOT NULL,
    escalate_minutes    int NOT NULL CHECK (escalate_minutes >= 0),
    requires            jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE employee_skills (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    skill        text NOT NULL CHECK (skill <> ''),
    level        int NOT NULL CHECK (level BETWEEN 1 AND 5),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    PRIMARY KEY (employee_id, skill)
);

CREATE TABLE cover_requests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            bigint NOT NULL REFERENCES orgs (id),
    job               text NOT NULL CHECK (job <> ''),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL CHECK (ends_at > starts_at),
    needed            int NOT NULL CHECK (needed BETWEEN 1 AND 50),
    -- filled only grows under the row lock the accepting transaction holds:
    -- it can never pass needed.
    filled            int NOT NULL DEFAULT 0 CHECK (filled BETWEEN 0 AND needed),
    reason            text NOT NULL DEFAULT '',
    source            text NOT NULL CHECK (source IN ('leave', 'manual')),
    leave_request_id  bigint,
    absent_id         bigint,
    shift_key         text NOT NULL DEFAULT '',
    requested_by      bigint,
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'cancelled')),
    wave              int NOT NULL DEFAULT 0,
    wave_at           timestamptz,
    escalated_at      timestamptz,
    created_at        timestamptz NOT NULL,
    -- one request per shift a leave uncovers, however often the event is read
    UNIQUE (org_id, leave_request_id, starts_at)
);
CREATE INDEX cover_requests_open ON cover_requests (starts_at) WHERE status = 'open';

CREATE TABLE cover_offers (
    request_id   bigint NOT NULL REFERENCES cover_requests (id),
    employee_id  bigint NOT NULL REFERENCES employees (id),
    org_id       bigint NOT NULL,
    wave         int NOT NULL,
    state        text NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'accepted', 'declined', 'withdrawn')),
    offered_at   timestamptz NOT NULL,
    answered_at  timestamptz,
    PRIMARY KEY (request_id, employee_id)
);

CREATE TABLE cover_assignments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id       bigint NOT NULL REFERENCES cover_requests (id),
    org_id           bigint NOT NULL,
    employee_id      bigint NOT NULL REFERENCES employees (id),
    employee_org_id  bigint NOT NULL,
    job              text NOT NULL,
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    accepted_at      timestamptz NOT NULL,
    rating_asked_at  timestamptz,
    rating           int CHECK (rating BETWEEN 1 AND 5),
    rating_comment   text NOT NULL DEFAULT '',
    rated_by         bigint,
    rated_at         timestamptz,
    UNIQUE (request_id, employee_id)
);
CREATE INDEX cover_assignments_employee ON cover_assignments (employee_id, starts_at);

-- +goose Down
DROP TABLE cover_assignments;
DROP TABLE cover_offers;
DROP TABLE cover_requests;
DROP TABLE employee_skills;
DROP TABLE cover_policies;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_source_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_source_check CHECK (source IN ('notification', 'reminder', 'broadcast'));
ALTER TABLE deliveries DROP COLUMN message_ref;

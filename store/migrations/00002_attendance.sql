-- +goose Up
ALTER TABLE orgs ADD COLUMN config_version bigint NOT NULL DEFAULT 1;

CREATE TABLE attendance_policies (
    org_id                       bigint PRIMARY KEY REFERENCES orgs (id),
    workweek                     smallint[] NOT NULL CHECK (workweek <@ ARRAY[0, 1, 2, 3, 4, 5, 6]::smallint[]),
    day_start                    int NOT NULL CHECK (day_start BETWEEN 0 AND 1439),
    day_end                      int NOT NULL CHECK (day_end BETWEEN 0 AND 1439),
    day_break                    int NOT NULL CHECK (day_break >= 0),
    grace_minutes                int NOT NULL CHECK (grace_minutes >= 0),
    early_grace_minutes          int NOT NULL CHECK (early_grace_minutes >= 0),
    absent_after_minutes         int NOT NULL CHECK (absent_after_minutes > 0),
    overtime_min_minutes         int NOT NULL CHECK (overtime_min_minutes >= 0),
    auto_checkout_after_minutes  int NOT NULL CHECK (auto_checkout_after_minutes >= 0),
    checkin_open_minutes         int NOT NULL CHECK (checkin_open_minutes >= 0),
    geofence                     text NOT NULL CHECK (geofence IN ('off', 'flag', 'refuse')),
    correction_days              int NOT NULL CHECK (correction_days > 0)
);

CREATE TABLE sites (
    org_id    bigint NOT NULL REFERENCES orgs (id),
    key       text NOT NULL,
    name      text NOT NULL,
    latitude  double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    radius_m  int NOT NULL CHECK (radius_m > 0),
    PRIMARY KEY (org_id, key)
);

CREATE TABLE shifts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL REFERENCES orgs (id),
    key            text NOT NULL,
    name           text NOT NULL,
    start_minute   int NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute     int NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
    break_minutes  int NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
    job            text NOT NULL DEFAULT '',
    UNIQUE (org_id, key),
    UNIQUE (org_id, id)
);

CREATE TABLE schedules (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL REFERENCES orgs (id),
    key            text NOT NULL,
    name           text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('weekly', 'cycle')),
    start_date     date NOT NULL,
    -- shift keys, '' for a day off; weekly patterns hold 7 a week, Monday first
    pattern        text[] NOT NULL CHECK (cardinality(pattern) > 0),
    work_holidays  boolean NOT NULL DEFAULT false,
    UNIQUE (org_id, key),
    UNIQUE (org_id, id),
    CHECK (kind <> 'weekly' OR cardinality(pattern) % 7 = 0)
);

ALTER TABLE employees
    ADD COLUMN schedule_id bigint,
    ADD COLUMN rotation_offset int NOT NULL DEFAULT 0 CHECK (rotation_offset >= 0),
    ADD FOREIGN KEY (org_id, schedule_id) REFERENCES schedules (org_id, id);

CREATE TABLE shift_overrides (
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    work_date    date NOT NULL,
    shift_id     bigint, -- null: a day off
    PRIMARY KEY (org_id, employee_id, work_date),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, shift_id) REFERENCES shifts (org_id, id)
);

CREATE TABLE calendar_days (
    org_id     bigint NOT NULL REFERENCES orgs (id),
    day        date NOT NULL,
    holiday    boolean NOT NULL, -- false: a make-up working day
    name       text NOT NULL DEFAULT '',
    statutory  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, day)
);

CREATE TABLE attendance_records (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            bigint NOT NULL,
    employee_id       bigint NOT NULL,
    work_date         date NOT NULL,
    shift_key         text NOT NULL DEFAULT '', -- '' for standard hours or unplanned work
    day_kind          text NOT NULL CHECK (day_kind IN ('workday', 'rest_day', 'holiday', 'makeup_workday')),
    planned_start     timestamptz,
    planned_end       timestamptz,
    break_minutes     int NOT NULL DEFAULT 0,
    check_in          timestamptz,
    check_out         timestamptz,
    late_minutes      int NOT NULL DEFAULT 0 CHECK (late_minutes >= 0),
    early_minutes     int NOT NULL DEFAULT 0 CHECK (early_minutes >= 0),
    worked_minutes    int NOT NULL DEFAULT 0 CHECK (worked_minutes >= 0),
    overtime_minutes  int NOT NULL DEFAULT 0 CHECK (overtime_minutes >= 0),
    overtime_kind     text NOT NULL DEFAULT '' CHECK (overtime_kind IN ('', 'workday', 'rest_day', 'holiday')),
    flags             text[] NOT NULL DEFAULT '{}',
    checkin_lat       double precision,
    checkin_lon       double precision,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- One record per person per work date: a second check-in cannot store twice.
    UNIQUE (org_id, employee_id, work_date),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    CHECK (check_in IS NOT NULL OR check_out IS NOT NULL),
    CHECK (check_out IS NULL OR check_in IS NULL OR check_out >= check_in),
    CHECK ((planned_start IS NULL) = (planned_end IS NULL))
);
CREATE INDEX attendance_records_open ON attendance_records (planned_end) WHERE check_out IS NULL;
CREATE INDEX attendance_records_org_date ON attendance_records (org_id, work_date);

CREATE TABLE attendance_corrections (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint NOT NULL,
    employee_id    bigint NOT NULL,
    work_date      date NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('check_in', 'check_out')),
    requested_at   timestamptz NOT NULL,
    reason         text NOT NULL CHECK (reason <> ''),
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    approver_id    bigint NOT NULL,
    decided_by     bigint,
    decided_at     timestamptz,
    created_at     timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, approver_id) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, decided_by) REFERENCES employees (org_id, id),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One open request per punch: asking twice does not queue two.
CREATE UNIQUE INDEX attendance_corrections_one_pending
    ON attendance_corrections (org_id, employee_id, work_date, kind) WHERE status = 'pending';
CREATE INDEX attendance_corrections_approver ON attendance_corrections (org_id, approver_id) WHERE status = 'pending';

-- Messages for people other than the sender (a manager asked to approve,
-- an employee told of a decision). Adapters deliver them; until a push path
-- exists, the bot shows them on the person's next message.
CREATE TABLE notifications (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL,
    recipient_id  bigint NOT NULL,
    kind          text NOT NULL,
    params        jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL,
    delivered_at  timestamptz,
    FOREIGN KEY (org_id, recipient_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_undelivered ON notifications (recipient_id) WHERE delivered_at IS NULL;

-- +goose Down
DROP TABLE notifications;
DROP TABLE attendance_corrections;
DROP TABLE attendance_records;
DROP TABLE calendar_days;
DROP TABLE shift_overrides;
ALTER TABLE employees DROP COLUMN schedule_id, DROP COLUMN rotation_offset;
DROP TABLE schedules;
DROP TABLE shifts;
DROP TABLE sites;
DROP TABLE attendance_policies;
ALTER TABLE orgs DROP COLUMN config_version;

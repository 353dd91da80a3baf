-- +goose Up
-- The daily WeCom sync HR switches on for an org on the console
-- (/people/wecom): the directory (previewed, applied when it has no
-- problem) and the check-ins (yesterday's and today's so far). It runs
-- once a local day from 06:00, acting as switched_by: the replica whose
-- UPDATE moves ran_on to the day first runs it, the others find it taken.
CREATE TABLE wecom_daily (
    org_id           bigint PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    directory_daily  boolean NOT NULL DEFAULT false,
    checkins_daily   boolean NOT NULL DEFAULT false,
    switched_by      bigint NOT NULL,
    switched_at      timestamptz NOT NULL,
    -- the org's local day the job last ran (claimed), and the day the last
    -- good import of punches reached (the next one starts there)
    ran_on           date,
    checkins_through date,
    -- what the last run did, as its notification's params (dirsync.Outcome)
    last_result      jsonb,
    last_run_at      timestamptz,
    FOREIGN KEY (org_id, switched_by) REFERENCES employees (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE wecom_daily;

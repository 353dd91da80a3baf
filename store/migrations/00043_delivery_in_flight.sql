-- +goose Up
-- In-doubt sends (issue 28). A delivery is "sending" from the moment a
-- worker claims it; in_flight_at is set only when its request is about to
-- reach the platform, so a send found interrupted is in doubt only if a
-- call was actually under way. claimed_by names the replica (River's
-- client id) working it, so another replica can tell a dead claimer from a
-- live one; in_doubt_outcome says what was done about an in-doubt send.
ALTER TABLE deliveries
    ADD COLUMN in_flight_at timestamptz,
    ADD COLUMN claimed_by text,
    ADD COLUMN in_doubt_outcome text CHECK (in_doubt_outcome IN ('found_sent', 'not_found', 'deduplicated', 'resent', 'dropped'));
CREATE INDEX deliveries_in_doubt ON deliveries (updated_at) WHERE in_doubt;

-- Each replica that sends beats here every second; one whose beat is
-- older than a few seconds (or whose row is gone: it stopped cleanly) has
-- its running jobs picked up by the others at once, instead of after
-- River's rescuer (every 30 s, on the leader only).
CREATE TABLE delivery_replicas (
    id         text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    beat_at    timestamptz NOT NULL DEFAULT now()
);

-- A dead replica's River job is picked up once: the replica that writes
-- its row here inserts a fresh job for the same delivery. River's own
-- rescue of the old job later finds the delivery settled and does nothing.
CREATE TABLE delivery_rescues (
    job_id     bigint PRIMARY KEY,
    replica    text NOT NULL,
    rescued_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE delivery_rescues;
DROP TABLE delivery_replicas;
DROP INDEX deliveries_in_doubt;
ALTER TABLE deliveries DROP COLUMN in_doubt_outcome, DROP COLUMN claimed_by, DROP COLUMN in_flight_at;

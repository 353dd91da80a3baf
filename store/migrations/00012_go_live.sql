-- +goose Up
-- The day an org started using hrbot: nothing before it is an absence, and
-- payroll does not count days nobody could have checked in. Orgs that exist
-- already went live the day they were created, in their own time zone.
ALTER TABLE orgs ADD COLUMN go_live date;
UPDATE orgs SET go_live = (created_at AT TIME ZONE time_zone)::date;
-- apply always sets it; the default serves rows written by other means.
ALTER TABLE orgs ALTER COLUMN go_live SET NOT NULL, ALTER COLUMN go_live SET DEFAULT current_date;

-- +goose Down
ALTER TABLE orgs DROP COLUMN go_live;

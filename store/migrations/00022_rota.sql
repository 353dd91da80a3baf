-- +goose Up
-- The rota reads the covers an org's people accepted in a month; the only
-- index on cover_assignments so far is by person.
CREATE INDEX cover_assignments_org_starts ON cover_assignments (employee_org_id, starts_at);

-- +goose Down
DROP INDEX cover_assignments_org_starts;

-- +goose Up
-- A declared job's description (岗位说明书): summary, responsibilities,
-- the skills and levels it needs, its KPIs, pay range, shifts and target
-- headcount, as core/jobs.Description encodes it. NULL: not described.
-- Written by org-file applies and the console's editor; read by /job,
-- the console's job pages, and later by recruiting and reviews.
ALTER TABLE org_jobs ADD COLUMN description jsonb
    CHECK (description IS NULL OR jsonb_typeof(description) = 'object');

-- +goose Down
ALTER TABLE org_jobs DROP COLUMN description;

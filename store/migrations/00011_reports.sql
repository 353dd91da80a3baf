-- +goose Up
-- The last day of someone who left: turnover is counted from it.
ALTER TABLE employees ADD COLUMN left_on date;
UPDATE employees SET left_on = updated_at::date WHERE status = 'left';

-- +goose Down
ALTER TABLE employees DROP COLUMN left_on;

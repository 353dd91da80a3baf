-- +goose Up
-- A shop's cap on corrections (补卡) per person and month; 0 is no cap.
ALTER TABLE attendance_policies ADD COLUMN corrections_per_month int NOT NULL DEFAULT 0 CHECK (corrections_per_month >= 0);
-- Why an approver rejected a correction: the employee is told it.
ALTER TABLE attendance_corrections ADD COLUMN reject_reason text NOT NULL DEFAULT '';
-- Counting a person's corrections of one month for the cap.
CREATE INDEX attendance_corrections_person_month ON attendance_corrections (org_id, employee_id, work_date)
    WHERE status IN ('pending', 'approved');

-- +goose Down
DROP INDEX attendance_corrections_person_month;
ALTER TABLE attendance_corrections DROP COLUMN reject_reason;
ALTER TABLE attendance_policies DROP COLUMN corrections_per_month;

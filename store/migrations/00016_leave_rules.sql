-- +goose Up
-- Leave rules a shop sets per type: how many working days ahead it must be
-- asked for, who it is for (maternity leave for women...), and whether a
-- fixed entitlement is prorated in the year someone joins (sick leave is;
-- maternity or marriage leave, granted per event, is not).
ALTER TABLE leave_types
    ADD COLUMN notice_days int NOT NULL DEFAULT 0 CHECK (notice_days >= 0),
    ADD COLUMN applies_to text[] NOT NULL DEFAULT '{}',
    ADD COLUMN prorate boolean NOT NULL DEFAULT true;

-- For leave types that apply to one gender only.
ALTER TABLE employees ADD COLUMN gender text CHECK (gender IN ('female', 'male'));

-- The language a person chose in chat (/lang). It outlives re-applying the
-- org file, whose locale is only the starting point.
ALTER TABLE employees ADD COLUMN chosen_locale text;

-- +goose Down
ALTER TABLE employees DROP COLUMN chosen_locale;
ALTER TABLE employees DROP COLUMN gender;
ALTER TABLE leave_types DROP COLUMN prorate, DROP COLUMN applies_to, DROP COLUMN notice_days;

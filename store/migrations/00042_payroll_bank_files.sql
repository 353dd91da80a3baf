-- +goose Up
-- Each bank's batch-payment (代发) layout from the org file's
-- payroll.bank_files: the columns (a JSON list of {title, field, format,
-- text}), whether there is a header row, the encoding and the delimiter.
CREATE TABLE payroll_bank_files (
    org_id     bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    key        text NOT NULL CHECK (key <> ''),
    name       text NOT NULL DEFAULT '',
    encoding   text NOT NULL CHECK (encoding IN ('utf-8', 'gbk')),
    header     boolean NOT NULL,
    delimiter  text NOT NULL CHECK (length(delimiter) = 1),
    columns    jsonb NOT NULL,
    PRIMARY KEY (org_id, key)
);

-- +goose Down
DROP TABLE payroll_bank_files;

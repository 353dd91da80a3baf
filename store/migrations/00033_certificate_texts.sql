-- +goose Up
-- An org's own text of the termination certificate (离职证明), per
-- language, from the org file's certificate section; without a row the
-- built-in text is used. Placeholders ({name}, {last_day}…) are checked
-- when the org file is read.
CREATE TABLE certificate_texts (
    org_id  bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    locale  text NOT NULL CHECK (locale IN ('', 'zh-CN', 'en')),  -- '': whatever the org's language is
    body    text NOT NULL CHECK (body <> ''),
    PRIMARY KEY (org_id, locale)
);

-- +goose Down
DROP TABLE certificate_texts;

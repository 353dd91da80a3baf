-- +goose Up
-- An org's handbook: one row per imported file, its chunks below it. hash
-- and embedding_model let a re-import skip files that did not change.
CREATE TABLE kb_documents (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL REFERENCES orgs (id),
    name             text NOT NULL,
    title            text NOT NULL,
    hash             text NOT NULL,
    embedding_model  text NOT NULL DEFAULT '',
    imported_at      timestamptz NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE kb_chunks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id  bigint NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
    org_id       bigint NOT NULL,
    ord          int NOT NULL,
    section      text NOT NULL,
    path         text[] NOT NULL,
    body         text NOT NULL,
    embedding    real[],
    UNIQUE (document_id, ord)
);
CREATE INDEX kb_chunks_org ON kb_chunks (org_id);

-- revision grows with each import that changes something: every replica
-- keeps its search index in memory and reloads when it moves.
CREATE TABLE kb_state (
    org_id    bigint PRIMARY KEY REFERENCES orgs (id),
    revision  bigint NOT NULL
);

-- Questions asked, for HR: what the handbook does not answer (outcome
-- unknown), which answers were marked wrong (vote -1), what was forwarded.
CREATE TABLE kb_questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id          bigint NOT NULL,
    employee_id     bigint NOT NULL,
    question        text NOT NULL,
    locale          text NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN ('answered', 'unknown', 'personal')),
    intent          text NOT NULL DEFAULT '',
    answer          text NOT NULL DEFAULT '',
    sources         jsonb NOT NULL DEFAULT '[]',
    relevance       real NOT NULL DEFAULT 0,
    by_model        boolean NOT NULL DEFAULT false,
    vote            smallint NOT NULL DEFAULT 0 CHECK (vote IN (-1, 0, 1)),
    voted_at        timestamptz,
    forwarded_at    timestamptz,
    hr_answer       text,
    hr_answered_by  bigint,
    hr_answered_at  timestamptz,
    asked_at        timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_questions_org ON kb_questions (org_id, asked_at DESC);

-- +goose Down
DROP TABLE kb_questions;
DROP TABLE kb_state;
DROP TABLE kb_chunks;
DROP TABLE kb_documents;

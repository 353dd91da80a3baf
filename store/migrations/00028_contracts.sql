-- +goose Up
-- Employment contracts (劳动合同), several per person over time, and the
-- reminders sent about them, each once. The rules (core/contracts) are
-- checked before a row is written; the constraints below hold what must
-- hold whatever races.
CREATE TABLE contracts (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id               bigint NOT NULL,
    employee_id          bigint NOT NULL,
    kind                 text NOT NULL CHECK (kind IN ('fixed_term', 'open_ended', 'task', 'part_time', 'internship', 'labour_service')),
    start_on             date NOT NULL,
    end_on               date,
    probation_end        date,
    signed_on            date,
    -- The signed scan: a document of the person's file, linked once
    -- documents are stored; NULL while there is none.
    document_id          bigint,
    probation_outcome    text NOT NULL DEFAULT '' CHECK (probation_outcome IN ('', 'confirmed', 'ended')),
    probation_decided_by bigint,
    probation_decided_at timestamptz,
    renewal              text NOT NULL DEFAULT '' CHECK (renewal IN ('', 'renew', 'not_renew')),
    renewal_decided_by   bigint,
    renewal_decided_at   timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, probation_decided_by) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, renewal_decided_by) REFERENCES employees (org_id, id),
    UNIQUE (org_id, id),
    CHECK (end_on IS NULL OR end_on >= start_on),
    CHECK (kind <> 'fixed_term' OR end_on IS NOT NULL),
    CHECK (kind <> 'open_ended' OR end_on IS NULL),
    CHECK (probation_end IS NULL OR (probation_end >= start_on AND (end_on IS NULL OR probation_end <= end_on))),
    CHECK (renewal = '' OR kind = 'fixed_term')
);
-- Two contracts of a person never start on the same day.
CREATE UNIQUE INDEX contracts_start ON contracts (org_id, employee_id, start_on);
-- One probation per employer and employee (Labour Contract Law art. 19).
CREATE UNIQUE INDEX contracts_one_probation ON contracts (org_id, employee_id) WHERE probation_end IS NOT NULL;

-- A reminder sent about a contract (or about a person without one): the
-- unique key makes each one once, whichever replica gets there first, and
-- a restart sends nothing again. about is the day it reminds of (the hire
-- date, the probation's or the contract's last day).
CREATE TABLE contract_reminders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL,
    employee_id bigint NOT NULL,
    contract_id bigint,
    kind        text NOT NULL CHECK (kind IN ('unsigned', 'probation', 'expiry')),
    about       date NOT NULL,
    recipients  int NOT NULL,
    sent_at     timestamptz NOT NULL,
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id) ON DELETE CASCADE,
    UNIQUE NULLS NOT DISTINCT (org_id, employee_id, contract_id, kind, about)
);

-- +goose Down
DROP TABLE contract_reminders;
DROP TABLE contracts;

-- +goose Up
-- Checklists (入职/离职清单): templates from the org file, one per kind and
-- job ('' is the default for every job without its own), and each
-- person's checklist made from one. Offboarding reuses every table with
-- kind 'offboarding', anchored on the last day instead of the hire date.
CREATE TABLE checklist_templates (
    org_id  bigint NOT NULL REFERENCES orgs (id),
    kind    text NOT NULL CHECK (kind IN ('onboarding', 'offboarding')),
    job     text NOT NULL,
    buddy   text NOT NULL DEFAULT '',  -- a person's key, 'most_tenured' or '' (none)
    tasks   jsonb NOT NULL,            -- [{title, owner, day, quiz}]
    PRIMARY KEY (org_id, kind, job)
);

-- When an org's reminders go out, and the buddy each team names.
CREATE TABLE onboarding_policies (
    org_id       bigint PRIMARY KEY REFERENCES orgs (id),
    remind_at    int NOT NULL CHECK (remind_at BETWEEN 0 AND 1439),  -- minutes after midnight, org's zone
    team_buddies jsonb NOT NULL DEFAULT '{}'                           -- team key → person key
);

CREATE TABLE checklists (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('onboarding', 'offboarding')),
    employee_id  bigint NOT NULL,
    job          text NOT NULL,   -- the template's ('' the default)
    anchor       date NOT NULL,   -- day one (the last day for offboarding)
    created_on   date NOT NULL,   -- the org's day it was made: nothing due before it is reminded
    created_at   timestamptz NOT NULL,
    welcomed_at  timestamptz,     -- day one's welcome (and the buddy's note) written
    UNIQUE (org_id, id),
    UNIQUE (employee_id, kind),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE
);
CREATE INDEX checklists_welcome ON checklists (org_id, anchor) WHERE welcomed_at IS NULL;

CREATE TABLE checklist_tasks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    checklist_id bigint NOT NULL,
    position     int NOT NULL,
    title        jsonb NOT NULL,  -- by language, '' for every language
    owner        text NOT NULL CHECK (owner IN ('hr', 'manager', 'person', 'buddy')),
    owner_id     bigint,          -- who does it; NULL: HR (anyone with the role hr)
    due_on       date NOT NULL,
    quiz         text NOT NULL DEFAULT '',
    reminded_at  timestamptz,
    done_at      timestamptz,
    done_by      bigint,
    UNIQUE (checklist_id, position),
    CHECK ((done_at IS NULL) = (done_by IS NULL)),
    FOREIGN KEY (org_id, checklist_id) REFERENCES checklists (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, owner_id) REFERENCES employees (org_id, id),
    FOREIGN KEY (org_id, done_by) REFERENCES employees (org_id, id)
);
CREATE INDEX checklist_tasks_due ON checklist_tasks (org_id, due_on) WHERE done_at IS NULL AND reminded_at IS NULL;
CREATE INDEX checklist_tasks_owner ON checklist_tasks (org_id, owner_id) WHERE done_at IS NULL;

-- 资深员工带教: who mentors whom, from when, chosen how. Kept when the
-- checklist is done.
CREATE TABLE buddies (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint NOT NULL,
    employee_id  bigint NOT NULL,
    buddy_id     bigint NOT NULL,
    checklist_id bigint NOT NULL,
    since        date NOT NULL,
    rule         text NOT NULL CHECK (rule IN ('team', 'named', 'most_tenured')),
    created_at   timestamptz NOT NULL,
    UNIQUE (checklist_id),
    CHECK (buddy_id <> employee_id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, buddy_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, checklist_id) REFERENCES checklists (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE buddies;
DROP TABLE checklist_tasks;
DROP TABLE checklists;
DROP TABLE onboarding_policies;
DROP TABLE checklist_templates;

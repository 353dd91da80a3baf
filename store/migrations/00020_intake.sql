-- +goose Up
-- What chat platforms deliver, kept from before hrbot acknowledges it until
-- it has been processed, so that a process killed right after the
-- acknowledgement loses nothing. Workers of every replica lease the oldest
-- waiting item of each person (ordering_key), one at a time per person;
-- a lease that runs out (the process died) is taken again by anyone.
-- Done items stay for an hour without their payload, so a platform's retry
-- of a delivery handled already is recognised by the unique delivery id;
-- items set aside (tried too often) keep theirs for a look and go after a
-- week. Not a domain table: it has no org_id, the person behind a platform
-- account is found only when the item is processed.
CREATE TABLE intake (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform      text        NOT NULL,
    delivery_id   text,       -- NULL when the platform gives none
    ordering_key  text        NOT NULL,
    payload       jsonb,      -- NULL once done: what was said is not kept longer
    received_at   timestamptz NOT NULL DEFAULT now(),
    taken_by      text,
    taken_until   timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    done_at       timestamptz,
    aside_at      timestamptz,
    aside_reason  text,
    CHECK ((taken_by IS NULL) = (taken_until IS NULL)),
    CHECK (done_at IS NULL OR aside_at IS NULL)
) WITH (fillfactor = 80); -- leases change no indexed column: room for HOT updates

CREATE UNIQUE INDEX intake_delivery ON intake (platform, delivery_id);
CREATE INDEX intake_waiting ON intake (platform, id) WHERE done_at IS NULL AND aside_at IS NULL;
CREATE INDEX intake_person ON intake (platform, ordering_key, id) WHERE done_at IS NULL AND aside_at IS NULL;

-- +goose Down
DROP TABLE intake;

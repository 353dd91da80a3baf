-- +goose Up
-- People's documents: a doctor's note sent for a sick leave, an ID copy, a
-- diploma, a contract. The row says what a document is; its bytes are in
-- document_contents, sealed (AES-256-GCM under the encryption key, bound
-- to the document's id and checksum).
--
-- The files live in PostgreSQL (bytea) rather than on a disk or in an
-- object store: at 10 MB a file and 200 MB a person they are well within
-- what bytea and TOAST handle, a document and its audit row commit in one
-- transaction, and `hrbot backup` (pg_dump) takes them with everything
-- else — there is no second store to back up, secure or keep in step.

-- A document names the request it is attached to with the org, so the two
-- are always of one org.
ALTER TABLE leave_requests ADD CONSTRAINT leave_requests_org_id_id_key UNIQUE (org_id, id);

CREATE TABLE documents (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL,
    employee_id      bigint NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('id_copy', 'diploma', 'contract', 'certificate', 'doctor_note', 'other')),
    name             text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    mime             text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf', 'image/heic')),
    size             bigint NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256           bytea NOT NULL CHECK (length(sha256) = 32),
    leave_request_id bigint,
    added_by         bigint,
    channel          text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, employee_id) REFERENCES employees (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, leave_request_id) REFERENCES leave_requests (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, added_by) REFERENCES employees (org_id, id)
);
CREATE INDEX documents_employee ON documents (org_id, employee_id);
CREATE INDEX documents_request ON documents (org_id, leave_request_id) WHERE leave_request_id IS NOT NULL;

-- A document's bytes, sealed. Apart from the row, so that listing
-- documents reads no file, and an erasure can drop the bytes and keep the
-- record that there was one. Sealed bytes do not compress: PostgreSQL is
-- told not to try.
CREATE TABLE document_contents (
    document_id bigint PRIMARY KEY,
    org_id      bigint NOT NULL,
    sealed      bytea NOT NULL,
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id) ON DELETE CASCADE
);
ALTER TABLE document_contents ALTER COLUMN sealed SET STORAGE EXTERNAL;

-- +goose Down
DROP TABLE document_contents;
DROP TABLE documents;
ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_org_id_id_key;

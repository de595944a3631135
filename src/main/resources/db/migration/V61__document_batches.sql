-- Batches of documents: a ZIP of PDFs (invoices or receipts of a location's sales over some days), made by
-- a background job and kept in the row until expires_at; a sweep then removes the file and keeps the row as
-- the record of what was made.
CREATE TABLE document_batches (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('INVOICES', 'RECEIPTS')),
    location_id     uuid NOT NULL,
    date_from       date NOT NULL,
    date_to         date NOT NULL CHECK (date_to >= date_from),
    status          text NOT NULL CHECK (status IN ('QUEUED', 'SUCCEEDED', 'EXPIRED')),
    job_id          uuid,
    requested_by    uuid NOT NULL,
    expected_count  bigint NOT NULL CHECK (expected_count >= 0),
    document_count  bigint CHECK (document_count >= 0),
    file            bytea,
    file_size       bigint CHECK (file_size >= 0),
    file_sha256     bytea,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    expires_at      timestamptz,
    CHECK (status <> 'SUCCEEDED' OR (file IS NOT NULL AND expires_at IS NOT NULL))
);
-- A ZIP of PDFs does not compress further: keep it out of line without trying.
ALTER TABLE document_batches ALTER COLUMN file SET STORAGE EXTERNAL;
CREATE INDEX document_batches_due ON document_batches (expires_at) WHERE status = 'SUCCEEDED';

CREATE CONSTRAINT TRIGGER document_batches_require_event AFTER INSERT OR UPDATE OR DELETE ON document_batches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Bulk catalog work: CSV imports of products, their uploaded file and their per-row error report.
CREATE TABLE product_imports (
    id              uuid PRIMARY KEY,
    mode            text NOT NULL CHECK (mode IN ('ALL_OR_NOTHING', 'VALID_ROWS')),
    status          text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    file_name       text CHECK (length(file_name) <= 255),
    file_size       bigint NOT NULL CHECK (file_size >= 0),
    file_sha256     bytea NOT NULL,
    -- the last line whose row is settled (committed in valid_rows mode): a resumed run skips up to it
    last_line       bigint NOT NULL DEFAULT 0,
    rows_read       bigint NOT NULL DEFAULT 0,
    created_count   bigint NOT NULL DEFAULT 0,
    updated_count   bigint NOT NULL DEFAULT 0,
    unchanged_count bigint NOT NULL DEFAULT 0,
    rejected_count  bigint NOT NULL DEFAULT 0,
    error_count     bigint NOT NULL DEFAULT 0,
    -- why the whole file was refused (encoding, header, size), or why nothing was written
    problem         text,
    job_id          uuid,
    created_by      uuid,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz
);

CREATE CONSTRAINT TRIGGER product_imports_require_event AFTER INSERT OR UPDATE OR DELETE ON product_imports
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- The uploaded file in 1 MiB pieces, so that any instance can run the import and read it as a stream;
-- removed when the import finishes.
CREATE TABLE product_import_chunks (
    import_id       uuid NOT NULL REFERENCES product_imports (id) ON DELETE CASCADE,
    n               int NOT NULL CHECK (n >= 0),
    data            bytea NOT NULL,
    PRIMARY KEY (import_id, n)
);

CREATE CONSTRAINT TRIGGER product_import_chunks_require_event AFTER INSERT OR UPDATE OR DELETE ON product_import_chunks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- The error report: one row per problem, in file order (n); line is null for a problem of the whole file.
CREATE TABLE product_import_errors (
    import_id       uuid NOT NULL REFERENCES product_imports (id) ON DELETE CASCADE,
    n               bigint NOT NULL CHECK (n >= 0),
    line            bigint,
    field           text,
    message         text NOT NULL,
    PRIMARY KEY (import_id, n)
);

CREATE CONSTRAINT TRIGGER product_import_errors_require_event AFTER INSERT OR UPDATE OR DELETE ON product_import_errors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

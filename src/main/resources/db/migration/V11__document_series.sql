-- A series numbers one document type at one location in one financial year. The location and year
-- codes are copied in at creation (both are immutable), so that taking a number reads one row.
-- next_value is taken with one UPDATE ... RETURNING in the document's own transaction: the row lock
-- is held until that transaction ends, so a rollback returns the number and no gap can appear.
CREATE TABLE document_series (
    id                  uuid PRIMARY KEY,
    document_type       text NOT NULL CHECK (document_type IN ('SALE', 'ESTIMATE', 'CREDIT_NOTE', 'DELIVERY', 'TRANSFER')),
    location_id         uuid NOT NULL,
    location_code       text NOT NULL,
    financial_year_id   uuid NOT NULL,
    financial_year_code text NOT NULL,
    format              text NOT NULL,
    next_value          bigint NOT NULL DEFAULT 1,
    max_value           bigint NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT document_series_range CHECK (next_value >= 1 AND next_value <= max_value + 1),
    CONSTRAINT document_series_one UNIQUE (document_type, location_id, financial_year_id)
);
CREATE INDEX document_series_location ON document_series (location_id);
CREATE CONSTRAINT TRIGGER document_series_require_event AFTER INSERT OR UPDATE OR DELETE ON document_series
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

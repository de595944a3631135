-- Sales made offline (issue 20). made_at is when the till made the sale, kept apart from created_at (when
-- the server recorded it); its local day in the location's time zone is the sale's business date. Sales
-- recorded before this column existed were made when they were recorded: readers take created_at for them.
ALTER TABLE sales ADD COLUMN made_at timestamptz;

-- What changed between an offline sale and its arrival, for a manager to look at: the sale was recorded
-- anyway (stock too short, a price changed or not explained, a product deactivated, a customer gone, its
-- session closed, its number cancelled by a close). Written in the sale's own statement; never changed.
-- The sales module owns this table.
CREATE TABLE offline_exceptions (
    id              uuid PRIMARY KEY,
    sale_id         uuid NOT NULL REFERENCES sales (id) DEFERRABLE INITIALLY DEFERRED,
    sale_number     text NOT NULL,
    location_id     uuid NOT NULL,
    terminal_id     uuid NOT NULL,
    session_id      uuid,
    kind            text NOT NULL CHECK (kind IN ('STOCK_SHORT', 'PRICE_CHANGED', 'PRICE_UNEXPLAINED',
                                                  'PRODUCT_INACTIVE', 'CUSTOMER_MISSING', 'LATE_ARRIVAL',
                                                  'NUMBER_CANCELLED')),
    product_id      uuid,
    line_no         int,
    detail          text NOT NULL,
    figures         jsonb NOT NULL,
    made_at         timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX offline_exceptions_by_location ON offline_exceptions (location_id, id);
CREATE INDEX offline_exceptions_by_session ON offline_exceptions (session_id, id) WHERE session_id IS NOT NULL;
CREATE INDEX offline_exceptions_by_sale ON offline_exceptions (sale_id);

CREATE FUNCTION kassa_offline_exceptions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'offline exceptions are a record; they are never changed' USING ERRCODE = 'KA002';
END $$;
CREATE TRIGGER offline_exceptions_immutable BEFORE UPDATE OR DELETE ON offline_exceptions
    FOR EACH ROW EXECUTE FUNCTION kassa_offline_exceptions_immutable();
CREATE CONSTRAINT TRIGGER offline_exceptions_require_event AFTER INSERT OR UPDATE OR DELETE ON offline_exceptions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

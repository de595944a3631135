-- What has been returned of each sale line, raised with one guarded UPDATE per line so that concurrent
-- returns can never return more than was sold.
ALTER TABLE sale_lines ADD COLUMN returned_quantity numeric(14,3) NOT NULL DEFAULT 0;
ALTER TABLE sale_lines ADD COLUMN returned_amount numeric NOT NULL DEFAULT 0;
ALTER TABLE sale_lines ADD CONSTRAINT sale_lines_returned_at_most_sold
    CHECK (returned_quantity >= 0 AND returned_quantity <= quantity);

-- A return is a credit note with a number from the location's CREDIT_NOTE series.
CREATE TABLE sale_returns (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    sale_id         uuid NOT NULL REFERENCES sales (id),
    location_id     uuid NOT NULL,
    business_date   date NOT NULL,
    reason          text NOT NULL,
    total           numeric NOT NULL,
    tax_total       numeric NOT NULL,
    created_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX sale_returns_by_sale ON sale_returns (sale_id);
CREATE INDEX sale_returns_by_location_day ON sale_returns (location_id, business_date);

CREATE TABLE sale_return_lines (
    id              uuid PRIMARY KEY,
    return_id       uuid NOT NULL REFERENCES sale_returns (id) DEFERRABLE INITIALLY DEFERRED,
    sale_line_id    uuid NOT NULL REFERENCES sale_lines (id),
    product_id      uuid NOT NULL,
    quantity        numeric(14,3) NOT NULL CHECK (quantity > 0),
    amount          numeric NOT NULL,
    tax_total       numeric NOT NULL,
    restock         boolean NOT NULL
);
CREATE INDEX sale_return_lines_by_return ON sale_return_lines (return_id);

CREATE TABLE sale_refunds (
    id              uuid PRIMARY KEY,
    return_id       uuid NOT NULL REFERENCES sale_returns (id) DEFERRABLE INITIALLY DEFERRED,
    method          text NOT NULL CHECK (method IN ('CASH', 'CARD', 'UPI', 'OTHER')),
    amount          numeric NOT NULL CHECK (amount >= 0),
    reference       text
);
CREATE INDEX sale_refunds_by_return ON sale_refunds (return_id);

CREATE CONSTRAINT TRIGGER sale_returns_require_event AFTER INSERT OR UPDATE OR DELETE ON sale_returns
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER sale_return_lines_require_event AFTER INSERT OR UPDATE OR DELETE ON sale_return_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER sale_refunds_require_event AFTER INSERT OR UPDATE OR DELETE ON sale_refunds
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

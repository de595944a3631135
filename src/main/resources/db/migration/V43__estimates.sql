-- Estimates (quotes): priced like a sale, numbered from the ESTIMATE series, valid until a date, with no
-- effect on stock. time_zone is the location's at creation: an estimate whose valid_until has passed in
-- that zone reads as EXPIRED while still stored PENDING, until the sweep records it (with an event).
-- Conversion to an order is one guarded update (WHERE status = 'PENDING'), so it happens once.
CREATE TABLE estimates (
    id                      uuid PRIMARY KEY,
    number                  text NOT NULL UNIQUE,
    location_id             uuid NOT NULL,
    customer_id             uuid,
    created_by              uuid NOT NULL,
    status                  text NOT NULL CHECK (status IN ('PENDING', 'CONVERTED', 'EXPIRED', 'CANCELLED')),
    business_date           date NOT NULL,
    valid_until             date NOT NULL CHECK (valid_until >= business_date),
    time_zone               text NOT NULL,
    supply                  text NOT NULL CHECK (supply IN ('INTRA_STATE', 'INTER_STATE', 'PLAIN')),
    place_of_supply         text,
    currency                text NOT NULL,
    subtotal                numeric NOT NULL,
    discount_value          numeric NOT NULL,
    discount_is_percentage  boolean NOT NULL,
    sale_discount           numeric NOT NULL,
    discount_total          numeric NOT NULL,
    taxable                 numeric NOT NULL,
    cgst                    numeric NOT NULL,
    sgst                    numeric NOT NULL,
    igst                    numeric NOT NULL,
    cess                    numeric NOT NULL,
    tax_total               numeric NOT NULL,
    total                   numeric NOT NULL,
    notes                   text,
    created_at              timestamptz NOT NULL,
    cancelled_at            timestamptz,
    expired_at              timestamptz,
    converted_at            timestamptz,
    order_id                uuid UNIQUE REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((status = 'CONVERTED') = (order_id IS NOT NULL))
);
CREATE INDEX estimates_by_location ON estimates (location_id, id);
CREATE INDEX estimates_by_day ON estimates (location_id, business_date);
CREATE INDEX estimates_pending ON estimates (valid_until) WHERE status = 'PENDING';

CREATE TABLE estimate_lines (
    id                  uuid PRIMARY KEY,
    estimate_id         uuid NOT NULL REFERENCES estimates (id) DEFERRABLE INITIALLY DEFERRED,
    line_no             int NOT NULL,
    product_id          uuid NOT NULL,
    sku                 text NOT NULL,
    name                text NOT NULL,
    hsn_code            text,
    unit                text NOT NULL,
    quantity            numeric(14,3) NOT NULL CHECK (quantity > 0),
    unit_price          numeric NOT NULL,
    list_price          numeric NOT NULL,
    price_includes_tax  boolean NOT NULL,
    tax_rate            numeric NOT NULL,
    cess_rate           numeric NOT NULL,
    gross               numeric NOT NULL,
    discount            numeric NOT NULL,
    sale_discount       numeric NOT NULL,
    taxable             numeric NOT NULL,
    cgst                numeric NOT NULL,
    sgst                numeric NOT NULL,
    igst                numeric NOT NULL,
    cess                numeric NOT NULL,
    tax_total           numeric NOT NULL,
    total               numeric NOT NULL,
    UNIQUE (estimate_id, line_no)
);
CREATE INDEX estimate_lines_by_product ON estimate_lines (product_id);

ALTER TABLE orders ADD CONSTRAINT orders_estimate FOREIGN KEY (estimate_id) REFERENCES estimates (id)
    DEFERRABLE INITIALLY DEFERRED;

CREATE CONSTRAINT TRIGGER estimates_require_event AFTER INSERT OR UPDATE OR DELETE ON estimates
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER estimate_lines_require_event AFTER INSERT OR UPDATE OR DELETE ON estimate_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

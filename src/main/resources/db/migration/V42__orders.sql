-- Orders for later fulfilment: priced like a sale when placed, their stock reserved (not taken). An order
-- carries no number of its own: fulfilment turns it into a sale, the invoice, numbered from the SALE series
-- in the fulfilment's transaction (sale_id, sale_number), so that series stays gapless and every invoice
-- is a sale. Status changes are guarded updates (WHERE status = the status read), so one of two concurrent
-- changes wins.
CREATE TABLE orders (
    id                      uuid PRIMARY KEY,
    location_id             uuid NOT NULL,
    customer_id             uuid,
    created_by              uuid NOT NULL,
    status                  text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FULFILLED', 'CANCELLED')),
    estimate_id             uuid,
    supply                  text NOT NULL CHECK (supply IN ('INTRA_STATE', 'INTER_STATE', 'PLAIN')),
    place_of_supply         text,
    currency                text NOT NULL,
    business_date           date NOT NULL,
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
    confirmed_at            timestamptz,
    fulfilled_at            timestamptz,
    cancelled_at            timestamptz,
    cancel_reason           text,
    sale_id                 uuid UNIQUE REFERENCES sales (id) DEFERRABLE INITIALLY DEFERRED,
    sale_number             text,
    CHECK ((status = 'FULFILLED') = (sale_id IS NOT NULL))
);
CREATE INDEX orders_by_location ON orders (location_id, id);
CREATE INDEX orders_by_status ON orders (status, id);
CREATE INDEX orders_by_day ON orders (location_id, business_date);
CREATE INDEX orders_by_customer ON orders (customer_id, id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX orders_by_estimate ON orders (estimate_id) WHERE estimate_id IS NOT NULL;

CREATE TABLE order_lines (
    id                  uuid PRIMARY KEY,
    order_id            uuid NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
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
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_by_product ON order_lines (product_id);

CREATE CONSTRAINT TRIGGER orders_require_event AFTER INSERT OR UPDATE OR DELETE ON orders
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER order_lines_require_event AFTER INSERT OR UPDATE OR DELETE ON order_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

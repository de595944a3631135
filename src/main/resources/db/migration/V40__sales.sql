-- A sale, its lines and its payments are written in one transaction. Lines and payments are inserted
-- before the sale row (the foreign keys are checked at commit), so that the document number, taken last,
-- is held locked for the shortest time. Amounts are numeric without a fixed scale: each carries the
-- currency's minor unit it was rounded to.
CREATE TABLE sales (
    id                      uuid PRIMARY KEY,
    number                  text NOT NULL UNIQUE,
    location_id             uuid NOT NULL,
    terminal_id             text,
    customer_id             uuid,
    cashier_id              uuid NOT NULL,
    status                  text NOT NULL CHECK (status IN ('COMPLETED', 'VOIDED')),
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
    paid                    numeric NOT NULL,
    change_due              numeric NOT NULL,
    notes                   text,
    created_at              timestamptz NOT NULL,
    voided_at               timestamptz,
    voided_by               uuid,
    void_reason             text
);
CREATE INDEX sales_by_location ON sales (location_id, id);
CREATE INDEX sales_by_location_day ON sales (location_id, business_date);
CREATE INDEX sales_by_cashier ON sales (cashier_id, id);
CREATE INDEX sales_by_customer ON sales (customer_id, id) WHERE customer_id IS NOT NULL;

CREATE TABLE sale_lines (
    id                  uuid PRIMARY KEY,
    sale_id             uuid NOT NULL REFERENCES sales (id) DEFERRABLE INITIALLY DEFERRED,
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
    UNIQUE (sale_id, line_no)
);
CREATE INDEX sale_lines_by_product ON sale_lines (product_id);

-- amount is what the payment settles of the total; tendered (cash only) what was handed over.
CREATE TABLE sale_payments (
    id              uuid PRIMARY KEY,
    sale_id         uuid NOT NULL REFERENCES sales (id) DEFERRABLE INITIALLY DEFERRED,
    method          text NOT NULL CHECK (method IN ('CASH', 'CARD', 'UPI', 'OTHER')),
    amount          numeric NOT NULL CHECK (amount >= 0),
    tendered        numeric,
    reference       text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX sale_payments_by_sale ON sale_payments (sale_id);
CREATE INDEX sale_payments_by_method ON sale_payments (method, sale_id);

CREATE CONSTRAINT TRIGGER sales_require_event AFTER INSERT OR UPDATE OR DELETE ON sales
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER sale_lines_require_event AFTER INSERT OR UPDATE OR DELETE ON sale_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER sale_payments_require_event AFTER INSERT OR UPDATE OR DELETE ON sale_payments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Sales are never deleted: a void keeps the row, its number and its lines.
CREATE FUNCTION kassa_sales_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sales are never deleted; void them' USING ERRCODE = 'KA003';
END $$;
CREATE TRIGGER sales_never_deleted BEFORE DELETE ON sales
    FOR EACH ROW EXECUTE FUNCTION kassa_sales_never_deleted();

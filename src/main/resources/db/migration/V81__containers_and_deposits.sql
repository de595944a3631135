-- Returnable containers (gas cylinders) and their refundable deposits. A container type names the catalog
-- product that counts its empties in stock; a refill product names the container it comes in. Filled and empty
-- stock per location stay in the inventory ledger (stock_levels of the refill and of the empty product); what
-- customers hold is kept here, and can never go below zero.

ALTER TABLE document_series DROP CONSTRAINT document_series_document_type_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_document_type_check
    CHECK (document_type IN ('SALE', 'ESTIMATE', 'CREDIT_NOTE', 'DELIVERY', 'TRANSFER', 'DEPOSIT_REFUND'));

CREATE TABLE container_types (
    id                uuid PRIMARY KEY,
    code              text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9.-]{0,31}$'),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    deposit           numeric(12,2) NOT NULL CHECK (deposit >= 0),
    empty_product_id  uuid NOT NULL UNIQUE,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

CREATE TABLE refill_products (
    product_id         uuid PRIMARY KEY,
    container_type_id  uuid NOT NULL REFERENCES container_types (id),
    created_at         timestamptz NOT NULL
);
CREATE INDEX refill_products_type ON refill_products (container_type_id);

-- What a customer holds of a type, and the deposits paid for them; both never negative.
CREATE TABLE customer_containers (
    customer_id        uuid NOT NULL,
    container_type_id  uuid NOT NULL REFERENCES container_types (id),
    held               int NOT NULL CHECK (held >= 0),
    deposits_held      numeric(14,2) NOT NULL CHECK (deposits_held >= 0),
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (customer_id, container_type_id),
    CHECK (held > 0 OR deposits_held = 0)
);

-- Every change of a customer's containers: an exchange (refills handed over, empties taken back, new
-- connections charged a deposit) or a return (containers back, deposit refunded on a voucher).
CREATE TABLE container_movements (
    id                 uuid PRIMARY KEY,
    kind               text NOT NULL CHECK (kind IN ('EXCHANGE', 'RETURN')),
    location_id        uuid NOT NULL,
    customer_id        uuid NOT NULL,
    container_type_id  uuid NOT NULL REFERENCES container_types (id),
    refills            int NOT NULL CHECK (refills >= 0),
    empties_in         int NOT NULL CHECK (empties_in >= 0),
    connections        int NOT NULL,
    deposit            numeric(14,2) NOT NULL,
    voucher_number     text UNIQUE,
    sale_id            uuid,
    delivery_order_id  uuid,
    created_by         uuid,
    created_at         timestamptz NOT NULL,
    CHECK (kind <> 'RETURN' OR (voucher_number IS NOT NULL AND connections < 0 AND deposit <= 0))
);
CREATE INDEX container_movements_customer ON container_movements (customer_id, created_at, id);
CREATE INDEX container_movements_location ON container_movements (location_id, container_type_id);

CREATE CONSTRAINT TRIGGER container_types_require_event AFTER INSERT OR UPDATE OR DELETE ON container_types
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER refill_products_require_event AFTER INSERT OR UPDATE OR DELETE ON refill_products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER customer_containers_require_event AFTER INSERT OR UPDATE OR DELETE ON customer_containers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER container_movements_require_event AFTER INSERT OR UPDATE OR DELETE ON container_movements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Customers. The purchase figures are kept here by the sales module through Customers.recordPurchase,
-- in the sale's own transaction, with one guarded UPDATE each.
CREATE TABLE customers (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone               text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    email               text CHECK (length(email) <= 254),
    gstin               text CHECK (gstin ~ '^[0-9]{2}[0-9A-Z]{13}$'),
    billing_address     jsonb,
    shipping_address    jsonb,
    notes               text CHECK (length(notes) <= 4000),
    tags                text[] NOT NULL DEFAULT '{}',
    purchase_count      bigint NOT NULL DEFAULT 0 CHECK (purchase_count >= 0),
    purchase_total      numeric(16,2) NOT NULL DEFAULT 0,
    last_purchase_at    timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX customers_phone ON customers (phone);
CREATE INDEX customers_phone_prefix ON customers (phone text_pattern_ops);
CREATE INDEX customers_name_trgm ON customers USING gin (kassa_fold(name) gin_trgm_ops);
CREATE INDEX customers_name_prefix ON customers (kassa_fold(name) text_pattern_ops);
CREATE INDEX customers_tags ON customers USING gin (tags);

CREATE CONSTRAINT TRIGGER customers_require_event AFTER INSERT OR UPDATE OR DELETE ON customers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

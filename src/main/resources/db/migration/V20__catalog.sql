-- Catalog: tax classes, a category tree, products with barcodes and their price history.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Folds text for search: lower case, accents removed. unaccent() itself is only STABLE (its
-- dictionary could change), so indexes use this wrapper, which names the dictionary explicitly.
CREATE FUNCTION kassa_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

CREATE TABLE tax_classes (
    id              uuid PRIMARY KEY,
    code            text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,32}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind            text NOT NULL CHECK (kind IN ('GST', 'PLAIN')),
    rate            numeric(6,3) NOT NULL CHECK (rate >= 0 AND rate <= 100),
    cess_rate       numeric(6,3) NOT NULL DEFAULT 0 CHECK (cess_rate >= 0 AND cess_rate <= 100),
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT tax_classes_gst_rates CHECK (kind <> 'GST' OR rate IN (0, 0.25, 3, 5, 12, 18, 28))
);
CREATE UNIQUE INDEX tax_classes_code ON tax_classes (code);

-- The standard GST slabs are reference data every Indian shop needs.
INSERT INTO tax_classes (id, code, name, kind, rate, cess_rate, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000000', 'GST_0',    'GST 0% (exempt / nil rated)', 'GST', 0,    0, now(), now()),
    ('0190a000-0000-7000-8000-000000000025', 'GST_0_25', 'GST 0.25%',                   'GST', 0.25, 0, now(), now()),
    ('0190a000-0000-7000-8000-000000000300', 'GST_3',    'GST 3%',                      'GST', 3,    0, now(), now()),
    ('0190a000-0000-7000-8000-000000000500', 'GST_5',    'GST 5%',                      'GST', 5,    0, now(), now()),
    ('0190a000-0000-7000-8000-000000001200', 'GST_12',   'GST 12%',                     'GST', 12,   0, now(), now()),
    ('0190a000-0000-7000-8000-000000001800', 'GST_18',   'GST 18%',                     'GST', 18,   0, now(), now()),
    ('0190a000-0000-7000-8000-000000002800', 'GST_28',   'GST 28%',                     'GST', 28,   0, now(), now());

CREATE CONSTRAINT TRIGGER tax_classes_require_event AFTER INSERT OR UPDATE OR DELETE ON tax_classes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

CREATE TABLE categories (
    id              uuid PRIMARY KEY,
    parent_id       uuid REFERENCES categories (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description     text CHECK (length(description) <= 1000),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT categories_not_own_parent CHECK (parent_id <> id)
);
-- Sibling names are unique, case-insensitively; top-level categories are siblings too.
CREATE UNIQUE INDEX categories_sibling_name
    ON categories (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
CREATE INDEX categories_parent ON categories (parent_id);

CREATE CONSTRAINT TRIGGER categories_require_event AFTER INSERT OR UPDATE OR DELETE ON categories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

CREATE TABLE products (
    id                   uuid PRIMARY KEY,
    sku                  text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description          text CHECK (length(description) <= 4000),
    category_id          uuid REFERENCES categories (id),
    unit                 text NOT NULL CHECK (unit IN ('PIECE', 'KG', 'G', 'L', 'ML', 'M')),
    price                numeric(12,2) NOT NULL CHECK (price >= 0),
    price_includes_tax   boolean NOT NULL,
    tax_class_id         uuid NOT NULL REFERENCES tax_classes (id),
    hsn_code             text CHECK (hsn_code ~ '^[0-9]{4,8}$'),
    track_stock          boolean NOT NULL,
    allow_negative_stock boolean NOT NULL,
    active               boolean NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX products_sku ON products (lower(sku));
CREATE INDEX products_category ON products (category_id);
CREATE INDEX products_tax_class ON products (tax_class_id);
-- Contains-search (LIKE '%x%') on the folded name uses the trigram index, prefix-search the btree.
CREATE INDEX products_name_trgm ON products USING gin (kassa_fold(name) gin_trgm_ops);
CREATE INDEX products_name_prefix ON products (kassa_fold(name) text_pattern_ops);

CREATE CONSTRAINT TRIGGER products_require_event AFTER INSERT OR UPDATE OR DELETE ON products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- A barcode belongs to one product in the whole catalog; the till looks products up by it.
CREATE TABLE product_barcodes (
    code            text PRIMARY KEY CHECK (code ~ '^[\x21-\x7e]{1,64}$'),
    product_id      uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL
);
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

CREATE CONSTRAINT TRIGGER product_barcodes_require_event AFTER INSERT OR UPDATE OR DELETE ON product_barcodes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Every price a product has had, from its creation on (append-only in use).
CREATE TABLE product_prices (
    id                  uuid PRIMARY KEY,
    product_id          uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    price               numeric(12,2) NOT NULL CHECK (price >= 0),
    price_includes_tax  boolean NOT NULL,
    changed_at          timestamptz NOT NULL,
    changed_by          uuid
);
CREATE INDEX product_prices_product ON product_prices (product_id, id);

CREATE CONSTRAINT TRIGGER product_prices_require_event AFTER INSERT OR UPDATE OR DELETE ON product_prices
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Stock per location and product. on_hand changes only together with a movement row, so that the
-- level always equals the sum of its movements (checked by a test and by GET .../reconcile).
CREATE TABLE stock_levels (
    location_id         uuid NOT NULL,
    product_id          uuid NOT NULL,
    on_hand             numeric(14,3) NOT NULL DEFAULT 0,
    reserved            numeric(14,3) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    low_stock_threshold numeric(14,3) CHECK (low_stock_threshold >= 0),
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (location_id, product_id)
);
CREATE INDEX stock_levels_by_product ON stock_levels (product_id);

CREATE TABLE stock_movements (
    id              uuid PRIMARY KEY,
    location_id     uuid NOT NULL,
    product_id      uuid NOT NULL,
    quantity        numeric(14,3) NOT NULL CHECK (quantity <> 0),
    kind            text NOT NULL CHECK (kind IN ('RECEIPT','SALE','RETURN','VOID','ADJUSTMENT',
                                                  'TRANSFER_OUT','TRANSFER_IN','ORDER_FULFILLED')),
    reason          text,
    document_type   text,
    document_id     uuid,
    actor_id        uuid,
    created_at      timestamptz NOT NULL
);
CREATE INDEX stock_movements_by_level ON stock_movements (location_id, product_id, id);
CREATE INDEX stock_movements_by_document ON stock_movements (document_id) WHERE document_id IS NOT NULL;

CREATE CONSTRAINT TRIGGER stock_levels_require_event AFTER INSERT OR UPDATE OR DELETE ON stock_levels
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER stock_movements_require_event AFTER INSERT OR UPDATE OR DELETE ON stock_movements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

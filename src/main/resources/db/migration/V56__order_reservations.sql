-- What an open order holds reserved, per product, as it was reserved when the order was placed. Cancelling
-- releases and fulfilling takes exactly this, whatever has since changed in the catalog (a product that
-- stopped or started tracking stock, or changed whether it may go negative).
CREATE TABLE order_reservations (
    order_id        uuid NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    product_id      uuid NOT NULL,
    quantity        numeric(14,3) NOT NULL CHECK (quantity > 0),
    allow_negative  boolean NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE CONSTRAINT TRIGGER order_reservations_require_event AFTER INSERT OR UPDATE OR DELETE ON order_reservations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

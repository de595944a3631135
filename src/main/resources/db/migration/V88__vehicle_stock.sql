-- Vehicles hold stock. A vehicle is a stock holder in the inventory ledger under its own id (stock_levels and
-- stock_movements are keyed by a holder id, a location's or a vehicle's), so that loading a route moves its
-- refills from the depot into the vehicle, a delivered stop moves them out of it to the customer, and closing the
-- route moves what is left and the empties collected back into the depot, each as movements of the one ledger.

ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_kind_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_kind_check
    CHECK (kind IN ('RECEIPT','SALE','RETURN','VOID','ADJUSTMENT','TRANSFER_OUT','TRANSFER_IN','ORDER_FULFILLED',
                    'DELIVERED','SALE_DEFERRED'));

-- A route's load: when its vehicle was loaded at the depot and when it was unloaded there again.
CREATE TABLE route_loads (
    route_id     uuid PRIMARY KEY REFERENCES routes (id),
    vehicle_id   uuid NOT NULL,
    location_id  uuid NOT NULL,
    loaded_at    timestamptz NOT NULL,
    loaded_by    uuid,
    unloaded_at  timestamptz,
    unloaded_by  uuid
);

-- What a route's vehicle carries for one order and refill: loaded at the depot, delivered at the stop, empties
-- collected there; sale_deferred is what the order's sale had taken from the depot and was put back at loading,
-- since the cylinder left the depot only then (it leaves the vehicle at the stop).
CREATE TABLE route_load_lines (
    route_id           uuid NOT NULL REFERENCES route_loads (route_id),
    delivery_order_id  uuid NOT NULL,
    product_id         uuid NOT NULL,
    empty_product_id   uuid NOT NULL,
    loaded             int NOT NULL CHECK (loaded > 0),
    delivered          int NOT NULL DEFAULT 0 CHECK (delivered >= 0 AND delivered <= loaded),
    empties_in         int NOT NULL DEFAULT 0 CHECK (empties_in >= 0),
    sale_deferred      int NOT NULL DEFAULT 0 CHECK (sale_deferred >= 0 AND sale_deferred <= loaded),
    PRIMARY KEY (route_id, delivery_order_id, product_id)
);
CREATE INDEX route_load_lines_order ON route_load_lines (delivery_order_id);

CREATE CONSTRAINT TRIGGER route_loads_require_event AFTER INSERT OR UPDATE OR DELETE ON route_loads
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER route_load_lines_require_event AFTER INSERT OR UPDATE OR DELETE ON route_load_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Delivery: drivers, vehicles, the depot coordinates of locations, delivery orders, route plans, routes
-- and their stops. Locations, customers, products and users are referred to by id only; their modules
-- check them (no foreign keys across modules).

-- Where a location's vehicles leave from and return to.
CREATE TABLE delivery_depots (
    location_id   uuid PRIMARY KEY,
    latitude      double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    updated_at    timestamptz NOT NULL
);

CREATE TABLE drivers (
    id                uuid PRIMARY KEY,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone             text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    licence_number    text NOT NULL CHECK (length(licence_number) BETWEEN 1 AND 32),
    home_location_id  uuid NOT NULL,
    user_id           uuid,
    active            boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- One organization per database: unique here is unique per organization.
CREATE UNIQUE INDEX drivers_licence ON drivers (upper(licence_number));
CREATE UNIQUE INDEX drivers_user ON drivers (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX drivers_location ON drivers (home_location_id, id);

CREATE TABLE vehicles (
    id                   uuid PRIMARY KEY,
    registration_number  text NOT NULL CHECK (registration_number ~ '^[A-Z0-9]{1,16}$'),
    capacity_cylinders   int NOT NULL CHECK (capacity_cylinders BETWEEN 1 AND 10000),
    capacity_kg          numeric(10,2) CHECK (capacity_kg > 0),
    location_id          uuid NOT NULL,
    active               boolean NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX vehicles_registration ON vehicles (registration_number);
CREATE INDEX vehicles_location ON vehicles (location_id, id);

-- A request to plan a location's day and what came of it: the routes it made (routes.plan_id) and the
-- orders it left out, with the reason.
CREATE TABLE route_plans (
    id             uuid PRIMARY KEY,
    location_id    uuid NOT NULL,
    date           date NOT NULL,
    status         text NOT NULL CHECK (status IN ('QUEUED', 'COMPLETED', 'FAILED')),
    request        jsonb NOT NULL,
    unassigned     jsonb NOT NULL DEFAULT '[]',
    failure        text,
    job_id         uuid,
    created_by     uuid,
    created_at     timestamptz NOT NULL,
    completed_at   timestamptz
);
CREATE INDEX route_plans_location ON route_plans (location_id, date, id);

CREATE TABLE routes (
    id                 uuid PRIMARY KEY,
    plan_id            uuid NOT NULL REFERENCES route_plans (id),
    location_id        uuid NOT NULL,
    date               date NOT NULL,
    vehicle_id         uuid NOT NULL REFERENCES vehicles (id),
    driver_id          uuid NOT NULL REFERENCES drivers (id),
    status             text NOT NULL CHECK (status IN ('PLANNED', 'DISPATCHED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    distance_m         bigint NOT NULL CHECK (distance_m >= 0),
    duration_s         bigint NOT NULL CHECK (duration_s >= 0),
    cylinders          int NOT NULL CHECK (cylinders >= 0),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    dispatched_at      timestamptz,
    started_at         timestamptz,
    finished_at        timestamptz
);
CREATE INDEX routes_plan ON routes (plan_id, id);
CREATE INDEX routes_location_date ON routes (location_id, date, id);
CREATE INDEX routes_driver_date ON routes (driver_id, date, id);

CREATE TABLE delivery_orders (
    id                  uuid PRIMARY KEY,
    location_id         uuid NOT NULL,
    customer_id         uuid,
    recipient_name      text NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
    recipient_phone     text NOT NULL CHECK (recipient_phone ~ '^\+[1-9][0-9]{6,14}$'),
    address             text NOT NULL CHECK (length(address) BETWEEN 1 AND 1000),
    latitude            double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude           double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    items               jsonb NOT NULL,
    cylinders           int NOT NULL CHECK (cylinders > 0),
    empties_expected    int NOT NULL CHECK (empties_expected >= 0),
    delivery_date       date NOT NULL,
    window_from         timestamptz,
    window_to           timestamptz,
    notes               text CHECK (length(notes) <= 2000),
    sale_id             uuid,
    order_id            uuid,
    status              text NOT NULL CHECK (status IN ('PENDING', 'ASSIGNED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED', 'CANCELLED')),
    -- The one route the order is on; set only while the order is PENDING and on no route, so that an order
    -- is on at most one live route (a cancelled route gives its orders back: route_id to null).
    route_id            uuid REFERENCES routes (id),
    received_by         text,
    cylinders_delivered int CHECK (cylinders_delivered >= 0),
    empties_collected   int CHECK (empties_collected >= 0),
    failure_reason      text,
    cancel_reason       text,
    created_by          uuid,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CHECK (window_from IS NULL OR window_to IS NULL OR window_from < window_to),
    CHECK (status <> 'FAILED' OR failure_reason IS NOT NULL)
);
CREATE INDEX delivery_orders_location ON delivery_orders (location_id, status, delivery_date, id);
CREATE INDEX delivery_orders_route ON delivery_orders (route_id) WHERE route_id IS NOT NULL;

CREATE TABLE route_stops (
    id                   uuid PRIMARY KEY,
    route_id             uuid NOT NULL REFERENCES routes (id),
    seq                  int NOT NULL CHECK (seq >= 1),
    delivery_order_id    uuid NOT NULL REFERENCES delivery_orders (id),
    status               text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    arrives_at           timestamptz NOT NULL,
    departs_at           timestamptz NOT NULL,
    distance_m           bigint NOT NULL CHECK (distance_m >= 0),
    cumulative_m         bigint NOT NULL CHECK (cumulative_m >= 0),
    load_after           int NOT NULL,
    done_at              timestamptz,
    UNIQUE (route_id, seq)
);
CREATE INDEX route_stops_order ON route_stops (delivery_order_id);

CREATE CONSTRAINT TRIGGER delivery_depots_require_event AFTER INSERT OR UPDATE OR DELETE ON delivery_depots
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER drivers_require_event AFTER INSERT OR UPDATE OR DELETE ON drivers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER vehicles_require_event AFTER INSERT OR UPDATE OR DELETE ON vehicles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER route_plans_require_event AFTER INSERT OR UPDATE OR DELETE ON route_plans
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER routes_require_event AFTER INSERT OR UPDATE OR DELETE ON routes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER delivery_orders_require_event AFTER INSERT OR UPDATE OR DELETE ON delivery_orders
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER route_stops_require_event AFTER INSERT OR UPDATE OR DELETE ON route_stops
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

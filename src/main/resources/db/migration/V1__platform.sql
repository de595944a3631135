-- The event log: every state change appends one row in its own transaction.
-- seq and the hash chain are assigned later by the single sealer, in commit order,
-- so that no writer waits on a shared lock and readers never skip a late commit.
CREATE TABLE events (
    id              uuid PRIMARY KEY,
    seq             bigint UNIQUE,
    type            text NOT NULL,
    aggregate_type  text NOT NULL,
    aggregate_id    uuid NOT NULL,
    location_id     uuid,
    actor_id        uuid,
    occurred_at     timestamptz NOT NULL,
    payload         jsonb NOT NULL,
    prev_hash       bytea,
    hash            bytea
);
CREATE INDEX events_unsealed ON events (id) WHERE seq IS NULL;
CREATE INDEX events_by_aggregate ON events (aggregate_type, aggregate_id, seq);

-- Inserting an event marks the transaction; business tables carry a deferred constraint
-- trigger that refuses a commit which changed them without appending an event.
CREATE FUNCTION kassa_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('kassa.event_appended', 'yes', true);
    RETURN NULL;
END $$;

CREATE TRIGGER events_mark_transaction AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION kassa_mark_event();

CREATE FUNCTION kassa_require_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('kassa.event_appended', true), '') <> 'yes' THEN
        RAISE EXCEPTION 'a change to % was not recorded in the event log', TG_TABLE_NAME
            USING ERRCODE = 'KA001';
    END IF;
    RETURN NULL;
END $$;

-- The log is append-only for the application: updates may only seal (set seq and hashes once).
CREATE FUNCTION kassa_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'KA002';
    END IF;
    IF OLD.seq IS NOT NULL OR NEW.id <> OLD.id OR NEW.type <> OLD.type OR NEW.payload <> OLD.payload
       OR NEW.aggregate_id <> OLD.aggregate_id OR NEW.occurred_at <> OLD.occurred_at THEN
        RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'KA002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION kassa_events_append_only();

-- Idempotency: the first request with a key stores its answer in the same transaction as its effect.
CREATE TABLE idempotency_keys (
    scope           text NOT NULL,
    key             text NOT NULL,
    request_hash    bytea NOT NULL,
    status          int,
    response        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

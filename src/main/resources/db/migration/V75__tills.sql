-- Tills: terminals, their cash sessions (shifts), what happened in each and the Z reports that close them.
-- The tills module owns these tables; a sale made at a terminal writes its row of till_session_sales in
-- the sale's own statement, so that a sale and its session commit together or not at all.

CREATE TABLE terminals (
    id              uuid PRIMARY KEY,
    location_id     uuid NOT NULL REFERENCES locations (id),
    code            text NOT NULL CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
    name            text NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    paper_width     int NOT NULL CHECK (paper_width IN (58, 80)),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
-- a deleted terminal frees its code; deleted ones are never read again
CREATE UNIQUE INDEX terminals_code ON terminals (location_id, code) WHERE deleted_at IS NULL;

-- Per location: whether a sale at a terminal needs an open session, and the limits of a session.
CREATE TABLE till_settings (
    location_id                 uuid PRIMARY KEY REFERENCES locations (id),
    session_required            boolean NOT NULL,
    max_open_minutes            int NOT NULL CHECK (max_open_minutes BETWEEN 1 AND 10080),
    paid_out_manager_above      numeric NOT NULL CHECK (paid_out_manager_above >= 0),
    variance_threshold          numeric NOT NULL CHECK (variance_threshold >= 0),
    cashier_many_sessions       boolean NOT NULL,
    updated_at                  timestamptz NOT NULL
);

-- State OPEN, then CLOSING once counted, then CLOSED with its Z report. At most one session per terminal
-- is not closed: the index refuses a second, whatever races.
CREATE TABLE till_sessions (
    id                      uuid PRIMARY KEY,
    terminal_id             uuid NOT NULL REFERENCES terminals (id),
    location_id             uuid NOT NULL,
    cashier_id              uuid NOT NULL,
    state                   text NOT NULL CHECK (state IN ('OPEN', 'CLOSING', 'CLOSED')),
    opening_float           numeric NOT NULL CHECK (opening_float >= 0),
    opening_denominations   jsonb,
    opened_at               timestamptz NOT NULL,
    counted_at              timestamptz,
    counted_by              uuid,
    counted                 jsonb,
    variance_total          numeric,
    review_required         boolean NOT NULL DEFAULT false,
    variance_accepted_by    uuid,
    variance_note           text,
    closed_at               timestamptz,
    closed_by               uuid,
    reopened_count          int NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (terminal_id) WHERE state <> 'CLOSED';
CREATE INDEX till_sessions_by_terminal ON till_sessions (terminal_id, id);
CREATE INDEX till_sessions_by_cashier ON till_sessions (cashier_id, id);
CREATE INDEX till_sessions_by_location ON till_sessions (location_id, id);

-- Paid in, paid out, cash drops and no-sale drawer openings (amount 0).
CREATE TABLE till_movements (
    id              uuid PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES till_sessions (id),
    kind            text NOT NULL CHECK (kind IN ('PAID_IN', 'PAID_OUT', 'DROP', 'NO_SALE')),
    amount          numeric NOT NULL CHECK (amount >= 0),
    reason          text,
    user_id         uuid NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX till_movements_by_session ON till_movements (session_id, id);

-- A sale, void or cash refund that belongs to a session, with the figures its Z report adds up: signed
-- amounts per payment method (a void or refund is negative) and its taxes per rate.
CREATE TABLE till_session_sales (
    id              uuid PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES till_sessions (id),
    terminal_id     uuid NOT NULL,
    document_id     uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('SALE', 'VOID', 'RETURN')),
    number          text NOT NULL,
    total           numeric NOT NULL,
    discount_total  numeric NOT NULL,
    price_overrides int NOT NULL,
    cash            numeric NOT NULL,
    card            numeric NOT NULL,
    upi             numeric NOT NULL,
    other           numeric NOT NULL,
    taxes           jsonb NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (document_id, kind)
);
CREATE INDEX till_session_sales_by_session ON till_session_sales (session_id, id);

-- Z reports: numbered gaplessly per terminal, each carrying the hash of the previous one of its terminal.
-- The body is kept as the exact text that was hashed, so that the chain can be recomputed.
CREATE TABLE z_reports (
    id              uuid PRIMARY KEY,
    terminal_id     uuid NOT NULL REFERENCES terminals (id),
    session_id      uuid NOT NULL UNIQUE REFERENCES till_sessions (id),
    number          bigint NOT NULL CHECK (number > 0),
    grand_total     numeric NOT NULL,
    body            text NOT NULL,
    previous_hash   bytea,
    hash            bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (terminal_id, number)
);

-- A Z report is never changed nor deleted, by the application or anyone else short of a superuser who
-- disables the trigger; the chain check names such a change.
CREATE FUNCTION kassa_z_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Z reports are immutable' USING ERRCODE = 'KA002';
END $$;
CREATE TRIGGER z_reports_immutable BEFORE UPDATE OR DELETE ON z_reports
    FOR EACH ROW EXECUTE FUNCTION kassa_z_reports_immutable();
CREATE TRIGGER z_reports_never_truncated BEFORE TRUNCATE ON z_reports
    FOR EACH STATEMENT EXECUTE FUNCTION kassa_z_reports_immutable();

-- A closed session and what belongs to it are never changed again.
CREATE FUNCTION kassa_till_sessions_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.state = 'CLOSED' THEN
        RAISE EXCEPTION 'a closed till session is never changed' USING ERRCODE = 'KA002';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER till_sessions_closed BEFORE UPDATE OR DELETE ON till_sessions
    FOR EACH ROW EXECUTE FUNCTION kassa_till_sessions_closed();

CREATE CONSTRAINT TRIGGER terminals_require_event AFTER INSERT OR UPDATE OR DELETE ON terminals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER till_settings_require_event AFTER INSERT OR UPDATE OR DELETE ON till_settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER till_sessions_require_event AFTER INSERT OR UPDATE OR DELETE ON till_sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER till_movements_require_event AFTER INSERT OR UPDATE OR DELETE ON till_movements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER till_session_sales_require_event AFTER INSERT OR UPDATE OR DELETE ON till_session_sales
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER z_reports_require_event AFTER INSERT OR UPDATE OR DELETE ON z_reports
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

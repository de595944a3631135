-- A sale made offline in a session that was closed (its Z report written) before the sale reached the
-- server. The Z report is never changed; the sale is recorded here instead of in till_session_sales, with
-- the figures a supplementary report of the session adds up. The tills module owns this table.
CREATE TABLE till_late_arrivals (
    id                      uuid PRIMARY KEY,
    session_id              uuid NOT NULL REFERENCES till_sessions (id),
    terminal_id             uuid NOT NULL,
    document_id             uuid NOT NULL UNIQUE,
    number                  text NOT NULL,
    total                   numeric NOT NULL,
    discount_total          numeric NOT NULL,
    price_overrides         int NOT NULL,
    cash                    numeric NOT NULL,
    card                    numeric NOT NULL,
    upi                     numeric NOT NULL,
    other                   numeric NOT NULL,
    taxes                   jsonb NOT NULL,
    made_at                 timestamptz NOT NULL,
    arrived_at              timestamptz NOT NULL,
    number_was_cancelled    boolean NOT NULL
);
CREATE INDEX till_late_arrivals_by_session ON till_late_arrivals (session_id, id);

CREATE FUNCTION kassa_till_late_arrivals_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'late arrivals are a record; they are never changed' USING ERRCODE = 'KA002';
END $$;
CREATE TRIGGER till_late_arrivals_immutable BEFORE UPDATE OR DELETE ON till_late_arrivals
    FOR EACH ROW EXECUTE FUNCTION kassa_till_late_arrivals_immutable();
CREATE CONSTRAINT TRIGGER till_late_arrivals_require_event AFTER INSERT OR UPDATE OR DELETE ON till_late_arrivals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

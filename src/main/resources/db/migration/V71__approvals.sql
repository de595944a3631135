-- A MANAGER's (or ADMIN's) approval, typed at a cashier's till, of one sale, order or estimate whose discount
-- or price reduction is above the cashier's limit: short lived, one use, bound to the cashier, the location
-- and the largest percent approved. Only the token's SHA-256 is kept.
CREATE TABLE approvals (
    token_hash    bytea PRIMARY KEY,
    approver_id   uuid NOT NULL REFERENCES users (id),
    approver_name text NOT NULL,
    cashier_id    uuid NOT NULL REFERENCES users (id),
    location_id   uuid NOT NULL,
    max_percent   numeric(7, 3) NOT NULL CHECK (max_percent > 0 AND max_percent <= 100),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    sale_id       uuid
);

CREATE INDEX approvals_expires ON approvals (expires_at);
CREATE INDEX approvals_sale ON approvals (sale_id) WHERE sale_id IS NOT NULL;

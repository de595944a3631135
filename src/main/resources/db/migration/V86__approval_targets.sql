-- An approval is bound to what it approved: the sale, order or estimate is written on the row by the same
-- statement that uses the approval up, in the transaction that writes it (so a sale refused for short stock
-- rolls both back). An estimate's approval covers the order it is converted to, which is written beside it.
ALTER TABLE approvals ADD COLUMN order_id uuid, ADD COLUMN estimate_id uuid;

CREATE INDEX approvals_order ON approvals (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX approvals_estimate ON approvals (estimate_id) WHERE estimate_id IS NOT NULL;

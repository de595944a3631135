-- A location may let several cashiers sell on one open session (off by default: a drawer is one cashier's).
ALTER TABLE till_settings ADD COLUMN shared_sessions boolean NOT NULL DEFAULT false;

-- A void or a return lands in the session open when it happens; when the sale it takes back was made in
-- another (earlier) session, that session is named here, so the Z report of the day of the void shows it.
ALTER TABLE till_session_sales ADD COLUMN sale_session_id uuid REFERENCES till_sessions (id);

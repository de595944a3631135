-- Fails the statement that calls it: SELECT coalesce((SELECT x FROM y), kassa_required_row()) answers x
-- or fails, so that a statement sent together with its COMMIT never commits work whose one row is missing.
CREATE FUNCTION kassa_required_row() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the statement gave no row' USING ERRCODE = 'KA003';
END $$;

-- The last position a route's driver posted, and when; the ETAs of its pending stops are recomputed from it.
ALTER TABLE routes ADD COLUMN position_latitude double precision CHECK (position_latitude BETWEEN -90 AND 90),
                   ADD COLUMN position_longitude double precision CHECK (position_longitude BETWEEN -180 AND 180),
                   ADD COLUMN position_at timestamptz;

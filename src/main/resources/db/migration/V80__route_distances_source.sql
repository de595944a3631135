-- Whether a route's distances and times are straight lines times the road factor (no routing engine, or it did
-- not answer) or a routing engine's roads. Routes planned before were all straight lines.
ALTER TABLE routes ADD COLUMN distances_estimated boolean NOT NULL DEFAULT true;

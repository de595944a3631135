-- Rate-limit buckets shared by every instance (kassa.rate-limit.store=postgres), Bucket4j's layout.
CREATE TABLE rate_limit_buckets (
    id    text PRIMARY KEY,
    state bytea
);

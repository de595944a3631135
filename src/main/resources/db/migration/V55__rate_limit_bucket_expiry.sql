-- When a shared bucket would be full again (milliseconds since the epoch, written by Bucket4j), so that
-- buckets of users and addresses long gone can be deleted: without it the table only ever grows.
ALTER TABLE rate_limit_buckets ADD COLUMN expires_at bigint;
CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);

-- The last record the sealer chained, written in the same transaction as the records it seals. verify
-- checks the log against it, so that records deleted from the very end of the log are
-- named too; the head itself is what an operator copies elsewhere as an external anchor.
CREATE TABLE event_chain_head (
    id         smallint PRIMARY KEY CHECK (id = 1),
    seq        bigint NOT NULL,
    hash       bytea NOT NULL,
    sealed_at  timestamptz NOT NULL
);

INSERT INTO event_chain_head (id, seq, hash, sealed_at)
SELECT 1, seq, hash, now() FROM events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;

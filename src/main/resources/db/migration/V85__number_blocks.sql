-- Number blocks: a run of sale numbers taken from a SALE series in advance for one terminal, so that a till
-- selling offline prints each receipt with its final number. The block is cut from the series in the
-- series row's own update, like any sale's number, so blocks and direct sales never overlap and the series
-- stays gapless. Every number of a block has its row: FREE until a sale takes it (USED, with the sale),
-- or CANCELLED with a reason when the block is handed back, so that every number of the series is either
-- a sale or an explained cancellation. The numbering module owns these tables.

CREATE TABLE number_blocks (
    id              uuid PRIMARY KEY,
    series_id       uuid NOT NULL REFERENCES document_series (id),
    terminal_id     uuid NOT NULL,
    location_id     uuid NOT NULL,
    first_value     bigint NOT NULL CHECK (first_value >= 1),
    last_value      bigint NOT NULL CHECK (last_value >= first_value),
    first_number    text NOT NULL,
    last_number     text NOT NULL,
    state           text NOT NULL CHECK (state IN ('OPEN', 'RELEASED')),
    created_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    released_at     timestamptz,
    released_by     uuid,
    release_reason  text,
    UNIQUE (series_id, first_value)
);
CREATE INDEX number_blocks_by_terminal ON number_blocks (terminal_id, id);

CREATE TABLE number_block_numbers (
    block_id        uuid NOT NULL REFERENCES number_blocks (id),
    value           bigint NOT NULL,
    series_id       uuid NOT NULL,
    terminal_id     uuid NOT NULL,
    number          text NOT NULL,
    state           text NOT NULL CHECK (state IN ('FREE', 'USED', 'CANCELLED')),
    document_id     uuid,
    reason          text,
    PRIMARY KEY (block_id, value),
    UNIQUE (series_id, value),
    CHECK ((state = 'USED') = (document_id IS NOT NULL)),
    CHECK ((state = 'CANCELLED') = (reason IS NOT NULL))
);
CREATE UNIQUE INDEX number_block_numbers_by_number ON number_block_numbers (terminal_id, number);

CREATE CONSTRAINT TRIGGER number_blocks_require_event AFTER INSERT OR UPDATE OR DELETE ON number_blocks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER number_block_numbers_require_event AFTER INSERT OR UPDATE OR DELETE ON number_block_numbers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

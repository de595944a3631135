-- Proof of delivery: what a location requires before a stop is marked delivered, the one-time codes sent to
-- recipients, and the signatures and photos drivers upload. Stops are the delivery module's own rows.
CREATE TABLE delivery_proof_settings (
    location_id  uuid PRIMARY KEY,
    required     text NOT NULL CHECK (required IN ('NONE', 'CODE', 'UPLOAD', 'CODE_OR_UPLOAD', 'CODE_AND_UPLOAD')),
    updated_at   timestamptz NOT NULL
);

-- One code per stop (a resend replaces it); attempts count over every code of the stop and lock it at the limit.
CREATE TABLE delivery_proof_codes (
    stop_id      uuid PRIMARY KEY REFERENCES route_stops (id),
    route_id     uuid NOT NULL REFERENCES routes (id),
    salt         text NOT NULL,
    code_hash    text NOT NULL,
    sent_to      text NOT NULL,
    sends        int NOT NULL CHECK (sends BETWEEN 1 AND 3),
    attempts     int NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
    sent_at      timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    verified_at  timestamptz
);

CREATE TABLE delivery_proof_files (
    id            uuid PRIMARY KEY,
    stop_id       uuid NOT NULL REFERENCES route_stops (id),
    kind          text NOT NULL CHECK (kind IN ('SIGNATURE', 'PHOTO')),
    content_type  text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    size_bytes    int NOT NULL CHECK (size_bytes BETWEEN 1 AND 524288),
    sha256        text NOT NULL,
    content       bytea NOT NULL CHECK (octet_length(content) = size_bytes),
    uploaded_by   uuid,
    uploaded_at   timestamptz NOT NULL
);
CREATE INDEX delivery_proof_files_stop ON delivery_proof_files (stop_id);

-- How a delivered stop was proven: CODE, UPLOAD, CODE_AND_UPLOAD, or null (none was required nor given).
ALTER TABLE route_stops ADD COLUMN proof text CHECK (proof IN ('CODE', 'UPLOAD', 'CODE_AND_UPLOAD'));

CREATE CONSTRAINT TRIGGER delivery_proof_settings_require_event AFTER INSERT OR UPDATE OR DELETE ON delivery_proof_settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER delivery_proof_codes_require_event AFTER INSERT OR UPDATE OR DELETE ON delivery_proof_codes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
CREATE CONSTRAINT TRIGGER delivery_proof_files_require_event AFTER INSERT OR UPDATE OR DELETE ON delivery_proof_files
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

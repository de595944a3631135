-- TOTP secrets sealed at rest (AES-256-GCM, bound to the user) with a key kept outside the database: a copy
-- of the database no longer computes anyone's codes. key_id names the key; NULL for a secret written in clear
-- before, which Kassa seals at start.
ALTER TABLE totp_factors DROP CONSTRAINT totp_factors_secret_check;
ALTER TABLE totp_factors ADD COLUMN key_id text;
ALTER TABLE totp_factors ADD CONSTRAINT totp_factors_secret_form
    CHECK ((key_id IS NULL AND length(secret) = 20) OR (key_id IS NOT NULL AND length(secret) = 48));

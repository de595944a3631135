-- An optional TOTP second factor (RFC 6238) per user: the shared secret (needed in clear to compute codes),
-- pending until the user confirms it with a code, and the last time step accepted, so that a code is good once.
CREATE TABLE totp_factors (
    user_id      uuid PRIMARY KEY REFERENCES users (id),
    secret       bytea NOT NULL CHECK (length(secret) = 20),
    created_at   timestamptz NOT NULL,
    confirmed_at timestamptz,
    last_step    bigint
);

-- One-time recovery codes of a confirmed factor, kept only as SHA-256 hashes.
CREATE TABLE totp_recovery_codes (
    user_id    uuid NOT NULL REFERENCES users (id),
    code_hash  bytea NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The second step of a sign-in: a password was right, the code is still to come. Short lived, used once,
-- kept only as the token's SHA-256.
CREATE TABLE totp_challenges (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX totp_challenges_user ON totp_challenges (user_id);
CREATE INDEX totp_challenges_expires ON totp_challenges (expires_at);

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    username        text NOT NULL,
    display_name    text NOT NULL,
    password_hash   text NOT NULL,
    roles           text[] NOT NULL,
    location_ids    uuid[],
    active          boolean NOT NULL DEFAULT true,
    password_changed_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['ADMIN','MANAGER','CASHIER','EMPLOYEE','DRIVER']::text[]
                                        AND cardinality(roles) > 0)
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE CONSTRAINT TRIGGER users_require_event AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Refresh tokens rotate: each use marks the token used and issues the next in the same family.
-- A used token presented again revokes the family (it was stolen, or replayed).
CREATE TABLE refresh_tokens (
    token_hash      bytea PRIMARY KEY,
    family_id       uuid NOT NULL,
    user_id         uuid NOT NULL REFERENCES users (id),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz,
    created_at      timestamptz NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

-- Failed logins per user name and per client address, for back-off and lock-out.
CREATE TABLE login_attempts (
    key             text PRIMARY KEY,
    failures        int NOT NULL,
    locked_until    timestamptz,
    last_failure_at timestamptz NOT NULL
);

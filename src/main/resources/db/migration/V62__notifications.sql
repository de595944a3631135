-- Outbound messages (email, WhatsApp): the outbox. A message is inserted in the transaction of the change
-- that caused it, so it exists if and only if that change committed; dispatchers claim due rows with
-- FOR UPDATE SKIP LOCKED and a lease (claimed_until), send outside any transaction, and record the attempt.
CREATE TABLE messages (
    id               uuid PRIMARY KEY,
    channel          text NOT NULL CHECK (channel IN ('EMAIL', 'WHATSAPP')),
    recipient        text NOT NULL,
    subject          text,
    body             text,
    template         jsonb,
    status           text NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
    attempts         int NOT NULL DEFAULT 0,
    max_attempts     int NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    provider_id      text,
    reference        text,
    location_id      uuid,
    created_by       uuid,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    -- the lease of the dispatcher sending it now: technical, changed without an event
    claimed_until    timestamptz,
    claim_token      uuid
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX messages_by_status ON messages (status, id);
CREATE INDEX messages_by_reference ON messages (reference, id) WHERE reference IS NOT NULL;

-- Only the columns of the message's state need an event; taking and giving back the lease do not.
CREATE CONSTRAINT TRIGGER messages_require_event
    AFTER INSERT OR UPDATE OF status, attempts, recipient, body, subject, template OR DELETE ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

CREATE TABLE message_attachments (
    message_id    uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position      int NOT NULL,
    file_name     text NOT NULL,
    content_type  text NOT NULL,
    content       bytea NOT NULL,
    PRIMARY KEY (message_id, position)
);

CREATE CONSTRAINT TRIGGER message_attachments_require_event AFTER INSERT OR UPDATE OR DELETE ON message_attachments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- One row per delivery attempt, written with the message's event for that attempt.
CREATE TABLE message_attempts (
    message_id    uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    attempt       int NOT NULL,
    started_at    timestamptz NOT NULL,
    duration_ms   bigint NOT NULL,
    outcome       text NOT NULL CHECK (outcome IN ('SENT', 'RETRYING', 'FAILED')),
    status_code   int,
    error         text,
    PRIMARY KEY (message_id, attempt)
);

CREATE CONSTRAINT TRIGGER message_attempts_require_event AFTER INSERT OR UPDATE OR DELETE ON message_attempts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Webhook endpoints. Each follows the sealed event log with a cursor of its own (position); the cursor,
-- failure count, back-off and lease are delivery bookkeeping, changed without an event.
CREATE TABLE webhooks (
    id                    uuid PRIMARY KEY,
    url                   text NOT NULL,
    description           text,
    event_types           text[] NOT NULL,
    active                boolean NOT NULL,
    secret                text NOT NULL,
    disabled_reason       text,
    created_by            uuid,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    position              bigint NOT NULL,
    consecutive_failures  int NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz NOT NULL,
    claimed_until         timestamptz,
    claim_token           uuid
);
CREATE INDEX webhooks_due ON webhooks (next_attempt_at) WHERE active;

CREATE CONSTRAINT TRIGGER webhooks_require_event
    AFTER INSERT OR UPDATE OF url, description, event_types, active, secret OR DELETE ON webhooks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Delivery attempts to webhooks: a technical log (no event per attempt, which would itself be delivered
-- again and again), pruned after kassa.notifications.webhooks.delivery-retention.
CREATE TABLE webhook_deliveries (
    id            uuid PRIMARY KEY,
    webhook_id    uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id      uuid,
    event_type    text NOT NULL,
    position      bigint,
    attempted_at  timestamptz NOT NULL,
    duration_ms   bigint NOT NULL,
    ok            boolean NOT NULL,
    status_code   int,
    error         text
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_age ON webhook_deliveries (attempted_at);

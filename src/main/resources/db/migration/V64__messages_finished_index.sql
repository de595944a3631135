-- The retention sweeps (attachments after 30 days, messages after 400) read finished messages oldest first;
-- without this they scanned every sent message each hour.
CREATE INDEX messages_finished ON messages (updated_at, id) WHERE status IN ('SENT', 'FAILED');

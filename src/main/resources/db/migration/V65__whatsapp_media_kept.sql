-- The WhatsApp Cloud API keeps an uploaded document for 30 days under its media id. A message whose send
-- failed after the upload keeps that id here, so its retries send the same media instead of uploading the
-- file again.
ALTER TABLE message_attachments
    ADD COLUMN provider_media_id text,
    ADD COLUMN provider_media_at timestamptz,
    ADD CONSTRAINT message_attachments_media_together
        CHECK ((provider_media_id IS NULL) = (provider_media_at IS NULL));

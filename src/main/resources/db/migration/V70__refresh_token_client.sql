-- Which client traded a refresh token in, so that the same client retrying after a lost reply (within
-- kassa.security.refresh-grace) gets a new pair instead of revoking its whole family as a thief would.
ALTER TABLE refresh_tokens ADD COLUMN used_by text;

package dev.kassa.notifications;

/** QUEUED until sent (retries included), then SENT, or FAILED once no attempt is left or one failed for good. */
enum MessageStatus {
	QUEUED, SENT, FAILED
}

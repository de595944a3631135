package dev.kassa.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An outbound message and how its delivery went.
 *
 * @param nextAttemptAt when the next attempt is due, while QUEUED
 * @param providerId the SMTP Message-ID or the WhatsApp message id, once sent
 * @param attemptLog every attempt, oldest first (empty in lists)
 */
record Message(UUID id, Channel channel, String to, @Nullable String subject, @Nullable String text,
		@Nullable WhatsAppTemplate template, MessageStatus status, int attempts, int maxAttempts,
		@Nullable Instant nextAttemptAt, @Nullable String lastError, @Nullable String providerId,
		@Nullable String reference, @Nullable UUID locationId, List<AttachmentInfo> attachments,
		List<Attempt> attemptLog, Instant createdAt, @Nullable Instant sentAt) {

	/** An attachment as the API shows it: without its content. */
	public record AttachmentInfo(String fileName, String contentType, long size) {
	}

	/**
	 * One delivery attempt.
	 *
	 * @param statusCode the provider's HTTP status or SMTP reply code, when there was one
	 */
	public record Attempt(int attempt, Instant startedAt, long durationMs, String outcome,
			@Nullable Integer statusCode, @Nullable String error) {
	}
}

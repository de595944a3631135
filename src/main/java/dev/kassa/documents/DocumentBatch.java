package dev.kassa.documents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A batch of documents: the invoices or receipts of a location's sales over some business days, in one ZIP.
 *
 * @param kind {@code invoices} or {@code receipts}
 * @param state {@code queued}, {@code running}, {@code succeeded}, {@code failed} (as its job says) or
 *        {@code expired} (the file was removed after {@code expires_at})
 * @param expectedCount the sales in the period when the batch was asked for
 * @param documentCount the PDFs in the file, once made
 * @param done how many documents the job has written so far
 * @param fileUrl where the ZIP is downloaded, once made and until it expires
 */
record DocumentBatch(UUID id, String kind, UUID locationId, LocalDate from, LocalDate to, String state,
		@Nullable UUID jobId, long expectedCount, @Nullable Long documentCount, long done, @Nullable Long fileSize,
		@Nullable String fileUrl, UUID requestedBy, Instant createdAt, @Nullable Instant finishedAt,
		@Nullable Instant expiresAt) {
}

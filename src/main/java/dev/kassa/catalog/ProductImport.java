package dev.kassa.catalog;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A CSV import of products and how far it got. Counts are of data rows: created, updated, unchanged
 * (the row matched the product as it was) and rejected (the row had errors); {@code errorCount} is the
 * number of lines in the error report, {@code problem} why the file as a whole was refused or not applied;
 * {@code jobId} the background job that runs it.
 */
record ProductImport(UUID id, ImportMode mode, Status status, @Nullable String fileName, long fileSize,
		long rowsRead, long created, long updated, long unchanged, long rejected, long errorCount,
		@Nullable String problem, @Nullable UUID jobId, @Nullable UUID createdBy, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt) {

	public enum Status {

		QUEUED, RUNNING, COMPLETED, FAILED;

		public boolean finished() {
			return this == COMPLETED || this == FAILED;
		}
	}
}

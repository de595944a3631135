package dev.kassa.jobs;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job and how it went.
 *
 * @param recovery {@code resumed} or {@code retried} when a run was cut short by a dead process
 */
public record JobRun(UUID id, String kind, String state, long done, @Nullable Long total, JsonNode errors,
		@Nullable String resultUrl, int attempts, @Nullable String recovery, @Nullable UUID startedBy,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, @Nullable OffsetDateTime finishedAt) {
}

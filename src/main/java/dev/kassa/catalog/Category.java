package dev.kassa.catalog;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A node of the category tree; {@code parentId} is null at the top. */
public record Category(UUID id, @Nullable UUID parentId, String name, @Nullable String description,
		Instant createdAt, Instant updatedAt) {
}

package dev.kassa.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kassa.platform.Role;

/**
 * A person who signs in to Kassa.
 *
 * @param locationIds the locations the user is limited to; {@code null} for every location
 */
public record User(UUID id, String username, String displayName, Set<Role> roles, @Nullable List<UUID> locationIds,
		boolean active, Instant createdAt, Instant updatedAt) {
}

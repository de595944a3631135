package dev.kassa.organization;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A store or warehouse.
 *
 * @param code 1 to 8 upper-case letters or digits, unique, never changed: it appears in document numbers
 * @param stateCode the GST state code (01 to 38), which decides intra- or inter-state tax
 * @param timeZone a region id; a location's "day" is its local day
 */
public record Location(UUID id, String code, String name, LocationType type, @Nullable String address,
		@Nullable String stateCode, String timeZone, boolean active, Instant createdAt, Instant updatedAt) {
}

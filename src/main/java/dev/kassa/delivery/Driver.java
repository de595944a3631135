package dev.kassa.delivery;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A driver.
 *
 * @param phone E.164
 * @param licenceNumber upper case, without spaces or dashes; unique
 * @param homeLocationId the location the driver works from
 * @param userId the Kassa user (with the DRIVER role) who signs in as this driver
 */
public record Driver(UUID id, String name, String phone, String licenceNumber, UUID homeLocationId,
		@Nullable UUID userId, boolean active, Instant createdAt, Instant updatedAt) {
}

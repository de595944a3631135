package dev.kassa.tills;

import java.time.Instant;
import java.util.UUID;

/**
 * A till at a location.
 *
 * @param code unique among the location's terminals that are not deleted
 * @param paperWidth the receipt paper's width in millimetres: 58 or 80
 */
public record Terminal(UUID id, UUID locationId, String code, String name, boolean active, int paperWidth,
		Instant createdAt, Instant updatedAt) {
}

package dev.kassa.delivery;

import java.time.Instant;
import java.util.UUID;

/** Where a location's delivery vehicles leave from and come back to. */
public record Depot(UUID locationId, double latitude, double longitude, Instant updatedAt) {
}

package dev.kassa.delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A delivery vehicle.
 *
 * @param registrationNumber upper case, without spaces or dashes; unique
 * @param capacityCylinders how many cylinders it carries: what route planning fills it with
 * @param capacityKg its payload, for information (products carry no weight, so it is not planned with)
 * @param locationId the location it is kept at and plans from
 */
public record Vehicle(UUID id, String registrationNumber, int capacityCylinders, @Nullable BigDecimal capacityKg,
		UUID locationId, boolean active, Instant createdAt, Instant updatedAt) {
}

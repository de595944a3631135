package dev.kassa.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A request to plan a location's deliveries of a day, and its outcome.
 *
 * @param status QUEUED (its job is solving), COMPLETED (its routes are PLANNED) or FAILED ({@code failure} says why)
 * @param unassigned orders the plan left out, each with the reason
 * @param jobId the background job that solved it, for large plans
 */
public record RoutePlan(UUID id, UUID locationId, LocalDate date, String status, List<Route> routes,
		List<Unassigned> unassigned, @Nullable String failure, @Nullable UUID jobId, Instant createdAt,
		@Nullable Instant completedAt) {

	public record Unassigned(UUID deliveryOrderId, String reason) {
	}
}

package dev.kassa.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A vehicle's trip from its depot through its stops, driven by one driver.
 *
 * @param vehicleRegistration and {@code driverName}: as they are now, for the dispatcher's and driver's screens
 * @param distanceM metres driven, back to the depot included
 * @param distancesEstimated true when distances and times are straight lines times the road factor (no routing
 *        engine configured, or it did not answer), false when they are the routing engine's roads
 * @param durationS seconds from leaving the depot to coming back, service at the stops included
 * @param cylinders full cylinders loaded at the depot
 */
public record Route(UUID id, UUID planId, UUID locationId, LocalDate date, UUID vehicleId,
		String vehicleRegistration, UUID driverId, String driverName, RouteStatus status, Instant startsAt, Instant endsAt, long distanceM, long durationS, int cylinders,
		boolean distancesEstimated, List<RouteStop> stops, Instant createdAt, Instant updatedAt, @Nullable Instant dispatchedAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt) {

	Route withStops(List<RouteStop> stops) {
		return new Route(id, planId, locationId, date, vehicleId, vehicleRegistration, driverId, driverName, status, startsAt, endsAt, distanceM,
				durationS, cylinders, distancesEstimated, List.copyOf(stops), createdAt, updatedAt, dispatchedAt, startedAt, finishedAt);
	}
}

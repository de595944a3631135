package dev.kassa.delivery;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One delivery on a route, in visiting order, with what the driver needs at the door.
 *
 * @param status PENDING, DELIVERED, FAILED or CANCELLED
 * @param arrivesAt the planned arrival (the ETA)
 * @param distanceM metres from the previous stop (or the depot)
 * @param cumulativeM metres from the depot to here
 * @param loadAfter full cylinders still on board after this stop
 */
public record RouteStop(UUID id, int seq, UUID deliveryOrderId, String status, Instant arrivesAt, Instant departsAt,
		long distanceM, long cumulativeM, int loadAfter, @Nullable Instant doneAt, String recipientName,
		String recipientPhone, String address, double latitude, double longitude, int cylinders, int emptiesExpected,
		DeliveryStatus orderStatus) {
}

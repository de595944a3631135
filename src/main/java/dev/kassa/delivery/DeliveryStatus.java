package dev.kassa.delivery;

import java.util.Set;

/**
 * Where a delivery order is: PENDING (waiting for a route; it may be on a PLANNED one) to ASSIGNED (its route
 * is dispatched) to OUT_FOR_DELIVERY (its route started) to DELIVERED or FAILED; CANCELLED from PENDING or
 * ASSIGNED. A cancelled route gives its ASSIGNED orders back to PENDING; a FAILED order is rescheduled to
 * PENDING for another attempt.
 */
public enum DeliveryStatus {

	PENDING, ASSIGNED, OUT_FOR_DELIVERY, DELIVERED, FAILED, CANCELLED;

	boolean mayBecome(DeliveryStatus next) {
		return switch (this) {
			case PENDING -> Set.of(ASSIGNED, CANCELLED).contains(next);
			case ASSIGNED -> Set.of(OUT_FOR_DELIVERY, CANCELLED, PENDING).contains(next);
			case OUT_FOR_DELIVERY -> Set.of(DELIVERED, FAILED).contains(next);
			case FAILED -> next == PENDING;
			case DELIVERED, CANCELLED -> false;
		};
	}
}

package dev.kassa.sales;

import java.util.Set;

/**
 * An order's life: PENDING → CONFIRMED → FULFILLED, or CANCELLED from PENDING or CONFIRMED. FULFILLED and
 * CANCELLED are final.
 */
public enum OrderStatus {

	PENDING, CONFIRMED, FULFILLED, CANCELLED;

	/** Whether an order in this status may be moved to {@code next}. */
	public boolean mayBecome(OrderStatus next) {
		return switch (this) {
			case PENDING -> Set.of(CONFIRMED, CANCELLED).contains(next);
			case CONFIRMED -> Set.of(FULFILLED, CANCELLED).contains(next);
			case FULFILLED, CANCELLED -> false;
		};
	}
}

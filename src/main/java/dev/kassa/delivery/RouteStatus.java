package dev.kassa.delivery;

/**
 * Where a route is: PLANNED (a draft; its orders are taken from other plans) to DISPATCHED (handed to the
 * driver; its orders ASSIGNED) to IN_PROGRESS (left the depot) to COMPLETED (every stop delivered, failed or
 * cancelled); CANCELLED from PLANNED or DISPATCHED gives its orders back.
 */
public enum RouteStatus {

	PLANNED, DISPATCHED, IN_PROGRESS, COMPLETED, CANCELLED
}

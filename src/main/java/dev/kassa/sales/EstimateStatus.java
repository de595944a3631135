package dev.kassa.sales;

/**
 * An estimate is PENDING until converted to an order (CONVERTED), cancelled (CANCELLED) or past its
 * validity date in its location's time zone (EXPIRED, shown at once on reads and recorded by a sweep).
 */
public enum EstimateStatus {
	PENDING, CONVERTED, EXPIRED, CANCELLED
}

package dev.kassa.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Goods to take to a customer from a location (the depot).
 *
 * @param cylinders full cylinders to deliver: the sum of the items' quantities
 * @param emptiesExpected empty cylinders to collect: the sum of the items' empties
 * @param deliveryDate the day it is to be delivered, in the location's time zone
 * @param routeId the route it is on, if any
 */
public record DeliveryOrder(UUID id, UUID locationId, @Nullable UUID customerId, String recipientName,
		String recipientPhone, String address, double latitude, double longitude, List<Item> items, int cylinders,
		int emptiesExpected, LocalDate deliveryDate, @Nullable OffsetDateTime windowFrom,
		@Nullable OffsetDateTime windowTo, @Nullable String notes, @Nullable UUID saleId, @Nullable UUID orderId,
		DeliveryStatus status, @Nullable UUID routeId, @Nullable String receivedBy, @Nullable Integer cylindersDelivered,
		@Nullable Integer emptiesCollected, @Nullable String failureReason, @Nullable String cancelReason,
		@Nullable UUID createdBy, Instant createdAt, Instant updatedAt) {

	/** One product to deliver, with the empties of it to collect. */
	public record Item(UUID productId, String sku, String name, int quantity, int emptiesToCollect) {
	}
}

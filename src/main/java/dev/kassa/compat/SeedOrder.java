package dev.kassa.compat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A sale in the seed's order shape. {@code id} and {@code order_id} are both the sale's id; {@code customer}
 * and {@code amount} repeat {@code customer_name} and {@code total} as the seed's did. An order for later
 * fulfilment has no {@code sale_number} until it is fulfilled.
 *
 * @param time the business day, as the seed's {@code time} (yyyy-MM-dd)
 * @param createdAt in the location's time zone
 */
record SeedOrder(UUID id, UUID orderId, @Nullable String saleNumber, String type, String status, @Nullable UUID customerId,
		@Nullable String customerName, @Nullable String customer, @Nullable String customerPhone,
		@Nullable String customerAddress, @Nullable String saleBy, List<Item> items, int itemsCount,
		BigDecimal subtotal, BigDecimal discountAmount, boolean isPercentageDiscount, BigDecimal discountTotal,
		BigDecimal taxTotal, BigDecimal total, BigDecimal amount, @Nullable String paymentMode, List<Payment> payments,
		OffsetDateTime createdAt, LocalDate time, @Nullable String notes) {

	record Item(UUID id, String sku, String name, BigDecimal price, BigDecimal quantity, BigDecimal taxRate,
			BigDecimal total) {
	}

	record Payment(String method, BigDecimal amount, @Nullable String reference) {
	}
}

package dev.kassa.compat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An estimate in the seed's shape; {@code id} and {@code estimate_id} are both its id.
 *
 * @param status Pending, Converted, Expired or Cancelled
 * @param saleBy the user who made it
 */
record SeedEstimate(UUID id, UUID estimateId, String estimateNumber, String type, String status,
		boolean isConvertedToOrder, @Nullable UUID orderId, @Nullable UUID customerId, @Nullable String customerName,
		@Nullable String customer, @Nullable String customerPhone, @Nullable String customerAddress,
		@Nullable String saleBy, List<SeedOrder.Item> items, int itemsCount, BigDecimal subtotal,
		BigDecimal discountAmount, boolean isPercentageDiscount, BigDecimal discountTotal, BigDecimal taxTotal,
		BigDecimal total, BigDecimal amount, LocalDate validUntil, OffsetDateTime createdAt, LocalDate time,
		@Nullable String notes) {
}

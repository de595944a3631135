package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A quote, priced like a sale and numbered from the location's ESTIMATE series; it moves no stock.
 *
 * @param businessDate the location's local day it was made
 * @param validUntil the last day it may be converted, in the location's time zone
 * @param orderId the order it was converted to
 */
public record Estimate(UUID id, String number, UUID locationId, @Nullable UUID customerId, UUID createdBy,
		EstimateStatus status, LocalDate businessDate, LocalDate validUntil, String supply,
		@Nullable String placeOfSupply, String currency, BigDecimal subtotal, BigDecimal discountValue,
		boolean isPercentageDiscount, BigDecimal saleDiscount, BigDecimal discountTotal, BigDecimal taxable,
		BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal taxTotal, BigDecimal total,
		@Nullable String notes, Instant createdAt, @Nullable Instant cancelledAt, @Nullable Instant expiredAt,
		@Nullable Instant convertedAt, @Nullable UUID orderId, List<SaleLine> lines) {
}

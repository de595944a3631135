package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An order for later fulfilment, priced like a sale when placed, its stock reserved. It has no number of
 * its own: fulfilment makes it a sale (the invoice) with a number from the SALE series, named by
 * {@code saleId} and {@code saleNumber}; the payments are that sale's.
 *
 * @param businessDate the location's local day the order was placed
 * @param estimateId the estimate it was converted from, if any
 */
public record Order(UUID id, UUID locationId, @Nullable UUID customerId, UUID createdBy, OrderStatus status,
		@Nullable UUID estimateId, String supply, @Nullable String placeOfSupply, String currency,
		LocalDate businessDate, BigDecimal subtotal, BigDecimal discountValue, boolean isPercentageDiscount,
		BigDecimal saleDiscount, BigDecimal discountTotal, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst,
		BigDecimal igst, BigDecimal cess, BigDecimal taxTotal, BigDecimal total, @Nullable String notes,
		Instant createdAt, @Nullable Instant confirmedAt, @Nullable Instant fulfilledAt, @Nullable Instant cancelledAt,
		@Nullable String cancelReason, @Nullable UUID saleId, @Nullable String saleNumber, List<SaleLine> lines) {
}

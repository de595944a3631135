package dev.kassa.customers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** How much a customer has bought: kept by the sales module through {@link Customers#recordPurchase}. */
record PurchaseSummary(UUID customerId, long purchaseCount, BigDecimal purchaseTotal,
		@Nullable Instant lastPurchaseAt) {
}

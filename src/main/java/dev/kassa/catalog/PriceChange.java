package dev.kassa.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One entry of a product's price history: the price it got, when and by whom. */
record PriceChange(UUID id, UUID productId, BigDecimal price, boolean priceIncludesTax, Instant changedAt,
		@Nullable UUID changedBy) {
}

package dev.kassa.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Stock of one product at one location.
 *
 * @param available on hand less reserved for orders
 * @param low whether available is at or below the threshold
 */
public record StockLevel(UUID locationId, UUID productId, BigDecimal onHand, BigDecimal reserved,
		BigDecimal available, @Nullable BigDecimal lowStockThreshold, boolean low, Instant updatedAt) {
}

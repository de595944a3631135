package dev.kassa.sales;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Something a sale made offline met when it arrived, recorded with the sale for a manager: the sale stands.
 *
 * @param kind STOCK_SHORT, PRICE_CHANGED, PRICE_UNEXPLAINED, PRODUCT_INACTIVE, CUSTOMER_MISSING, LATE_ARRIVAL or
 *        NUMBER_CANCELLED
 * @param sessionId the till session the sale belongs to (for a late arrival, the closed one)
 * @param lineNo the sale's line it is about, if one
 * @param figures the amounts behind it, e.g. {@code offline_price}, {@code current_price}, {@code difference}
 */
public record OfflineException(UUID id, UUID saleId, String saleNumber, UUID locationId, UUID terminalId,
		@Nullable UUID sessionId, String kind, @Nullable UUID productId, @Nullable Integer lineNo, String detail,
		JsonNode figures, Instant madeAt, Instant createdAt) {
}

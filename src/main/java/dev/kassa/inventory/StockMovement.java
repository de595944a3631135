package dev.kassa.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One entry of the ledger: a signed quantity, why, and the document it belongs to. */
record StockMovement(UUID id, UUID locationId, UUID productId, BigDecimal quantity, String kind,
		@Nullable String reason, @Nullable String documentType, @Nullable UUID documentId, @Nullable UUID actorId,
		Instant createdAt) {
}

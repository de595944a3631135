package dev.kassa.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A tax rate products refer to; rates are percentages. */
record TaxClass(UUID id, String code, String name, TaxKind kind, BigDecimal rate, BigDecimal cessRate,
		boolean active, Instant createdAt, Instant updatedAt) {
}

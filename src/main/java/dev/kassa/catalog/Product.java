package dev.kassa.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A product as sold: its price and the rates of its tax class resolved (percentages), so that a sale
 * can be priced from this record alone.
 */
public record Product(UUID id, String sku, String name, @Nullable String description, @Nullable UUID categoryId,
		Unit unit, BigDecimal price, boolean priceIncludesTax, UUID taxClassId, BigDecimal taxRate,
		BigDecimal cessRate, @Nullable String hsnCode, boolean trackStock, boolean allowNegativeStock,
		boolean active, List<String> barcodes, Instant createdAt, Instant updatedAt) {
}

package dev.kassa.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A product's own fields, as a CSV row carries them; {@code barcodes} sorted. */
record ProductValues(String sku, String name, @Nullable String description, @Nullable UUID categoryId, Unit unit,
		BigDecimal price, boolean priceIncludesTax, UUID taxClassId, @Nullable String hsnCode, List<String> barcodes,
		boolean trackStock, boolean allowNegativeStock, boolean active) {

	boolean samePrice(ProductValues other) {
		return price.compareTo(other.price) == 0 && priceIncludesTax == other.priceIncludesTax;
	}

	boolean sameAs(ProductValues other) {
		return sku.equals(other.sku) && name.equals(other.name) && java.util.Objects.equals(description, other.description)
				&& java.util.Objects.equals(categoryId, other.categoryId) && unit == other.unit && samePrice(other)
				&& taxClassId.equals(other.taxClassId) && java.util.Objects.equals(hsnCode, other.hsnCode)
				&& barcodes.equals(other.barcodes) && trackStock == other.trackStock
				&& allowNegativeStock == other.allowNegativeStock && active == other.active;
	}
}

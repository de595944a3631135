package dev.kassa.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.kassa.catalog.Catalog;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;

/**
 * Checks that the locations and products a stock request names exist, through their modules' public
 * services, and turns request lines into stock lines with each product's rules.
 */
@Component
class StockTargets {

	private final Locations locations;

	private final Catalog catalog;

	StockTargets(Locations locations, Catalog catalog) {
		this.locations = locations;
		this.catalog = catalog;
	}

	/** 404 for an unknown location, 400 naming {@code product_id} for an unknown product. */
	void check(UUID locationId, List<UUID> productIds) {
		locations.get(locationId);
		var found = catalog.products(productIds);
		for (var id : productIds) {
			if (!found.containsKey(id)) {
				throw ApiException.notFound("Product", id);
			}
		}
	}

	/**
	 * Stock lines for the given quantities at an active location; an unknown or untracked product, or a
	 * quantity with decimals for a product sold in pieces, is a 400 naming the line.
	 */
	List<StockLine> lines(UUID locationId, List<Map.Entry<UUID, BigDecimal>> quantities, String field) {
		locations.require(locationId);
		var products = catalog.products(new LinkedHashSet<>(quantities.stream().map(Map.Entry::getKey).toList()));
		var lines = new ArrayList<StockLine>();
		var errors = new ArrayList<ApiException.FieldError>();
		for (int i = 0; i < quantities.size(); i++) {
			var entry = quantities.get(i);
			var product = products.get(entry.getKey());
			if (product == null) {
				errors.add(new ApiException.FieldError(field + "[" + i + "].product_id", "names no product"));
				continue;
			}
			if (!product.trackStock()) {
				errors.add(new ApiException.FieldError(field + "[" + i + "].product_id",
						"product " + product.sku() + " does not track stock"));
				continue;
			}
			if (entry.getValue().stripTrailingZeros().scale() > product.unit().scale()) {
				errors.add(new ApiException.FieldError(field + "[" + i + "].quantity",
						"has more decimals than the unit " + product.unit() + " allows"));
				continue;
			}
			lines.add(new StockLine(product.id(), entry.getValue(), product.allowNegativeStock(), true));
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		return lines;
	}
}

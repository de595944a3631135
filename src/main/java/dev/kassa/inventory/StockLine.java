package dev.kassa.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * A quantity of one product to move.
 *
 * @param quantity positive
 * @param allowNegative whether the product may go below zero (it then never refuses)
 * @param tracked whether the product's stock is tracked at all; untracked lines are ignored
 */
public record StockLine(UUID productId, BigDecimal quantity, boolean allowNegative, boolean tracked) {

	public StockLine {
		if (quantity.signum() <= 0) {
			throw new IllegalArgumentException("quantity must be positive");
		}
	}

	/**
	 * The tracked lines, one per product (quantities summed; negative allowed only if every line allows it),
	 * in product-id order: the order in which stock rows are locked, so that documents never deadlock.
	 */
	public static List<StockLine> perProduct(List<StockLine> lines) {
		var byProduct = new LinkedHashMap<UUID, StockLine>();
		for (var line : lines) {
			if (line.tracked()) {
				byProduct.merge(line.productId(), line, (a, b) -> new StockLine(a.productId(),
						a.quantity().add(b.quantity()), a.allowNegative() && b.allowNegative(), true));
			}
		}
		var sorted = new ArrayList<>(byProduct.values());
		sorted.sort(Comparator.comparing(StockLine::productId));
		return sorted;
	}
}

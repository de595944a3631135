package dev.kassa.inventory;

import java.math.BigDecimal;
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
}

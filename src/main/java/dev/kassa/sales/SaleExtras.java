package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Amounts collected with a sale that are no part of its supply, such as a returnable container's refundable deposit:
 * printed on the sale's invoice and receipt apart, after its total, neither in the taxable value nor in the total.
 * The module that keeps them provides them (delivery: the cylinders' deposits); documents prints them.
 */
public interface SaleExtras {

	/** The sale's extras, in the order printed; empty when it has none. */
	List<Extra> of(UUID saleId);

	/** One amount, with the label printed beside it. */
	record Extra(String label, BigDecimal amount) {
	}
}

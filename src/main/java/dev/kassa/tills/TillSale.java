package dev.kassa.tills;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a sale, void or cash refund at a terminal adds to its session's Z report: signed amounts (a void
 * or refund is negative), given by the sales module, which owns the document.
 *
 * @param documentId the sale (for a sale or a void) or the credit note (for a refund)
 * @param byMethod amount per payment method name (CASH, CARD, UPI, OTHER); cash is what stays in the drawer
 * @param priceOverrides how many lines were sold at a price other than the catalog's
 */
public record TillSale(UUID documentId, Kind kind, BigDecimal total, BigDecimal discountTotal, int priceOverrides,
		Map<String, BigDecimal> byMethod, List<Tax> taxes) {

	public enum Kind {
		SALE, VOID, RETURN
	}

	/** Taxes at one rate (percent). */
	public record Tax(BigDecimal rate, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst,
			BigDecimal cess) {
	}
}

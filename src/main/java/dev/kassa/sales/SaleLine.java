package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One priced line of a sale, with the product's name, code and rates as they were when sold.
 *
 * @param listPrice the catalog price at the time; {@code unitPrice} differs when it was overridden
 * @param saleDiscount this line's share of the sale discount
 */
public record SaleLine(UUID id, int lineNo, UUID productId, String sku, String name, @Nullable String hsnCode,
		String unit, BigDecimal quantity, BigDecimal unitPrice, BigDecimal listPrice, boolean priceIncludesTax,
		BigDecimal taxRate, BigDecimal cessRate, BigDecimal gross, BigDecimal discount, BigDecimal saleDiscount,
		BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, BigDecimal taxTotal,
		BigDecimal total) {
}

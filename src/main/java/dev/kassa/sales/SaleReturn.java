package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A return of some of a sale's lines: a credit note numbered from the location's CREDIT_NOTE series.
 *
 * @param total what is refunded, the return lines' amounts together
 */
public record SaleReturn(UUID id, String number, UUID saleId, UUID locationId, LocalDate businessDate, String reason,
		BigDecimal total, BigDecimal taxTotal, UUID createdBy, Instant createdAt, List<Line> lines,
		List<Refund> refunds) {

	/**
	 * @param amount the line's total for the quantity returned, tax included
	 * @param taxTotal the tax taken back, {@code cgst + sgst + igst + cess}: the line's returns together give back
	 *     exactly its tax and each part of it (see {@link ReturnTax})
	 * @param restock whether the goods went back into stock
	 */
	public record Line(UUID id, UUID saleLineId, UUID productId, BigDecimal quantity, BigDecimal amount,
			BigDecimal taxTotal, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess, boolean restock) {
	}

	public record Refund(UUID id, PaymentMethod method, BigDecimal amount, @Nullable String reference) {
	}
}

package dev.kassa.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A sale as recorded: priced by the server, paid, numbered from the location's SALE series.
 *
 * @param supply how it was taxed: INTRA_STATE (CGST + SGST), INTER_STATE (IGST) or PLAIN
 * @param businessDate the location's local day of the sale
 * @param discountValue the sale discount as given: a percentage or an amount
 * @param saleDiscount the sale discount as an amount, spread over the lines
 * @param discountTotal line discounts and the sale discount together
 * @param paid what the payments settle: the total
 * @param changeDue cash given back
 * @param terminalId the terminal the sale was made at
 * @param createdAt when the server recorded the sale
 * @param madeAt when the till made it: the same as {@code createdAt} for a sale made online, earlier for one
 *        made offline; its local day at the location is the business date
 * @param terminalLabel what a sale made before terminals existed named as its terminal (free text), kept readable
 */
public record Sale(UUID id, String number, UUID locationId, @Nullable UUID terminalId, @Nullable String terminalLabel,
		@Nullable UUID customerId,
		UUID cashierId, SaleStatus status, String supply, @Nullable String placeOfSupply, String currency,
		LocalDate businessDate, BigDecimal subtotal, BigDecimal discountValue, boolean isPercentageDiscount,
		BigDecimal saleDiscount, BigDecimal discountTotal, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst,
		BigDecimal igst, BigDecimal cess, BigDecimal taxTotal, BigDecimal total, BigDecimal paid, BigDecimal changeDue,
		@Nullable String notes, Instant createdAt, Instant madeAt, @Nullable Instant voidedAt, @Nullable UUID voidedBy,
		@Nullable String voidReason, List<SaleLine> lines, List<SalePayment> payments) {
}

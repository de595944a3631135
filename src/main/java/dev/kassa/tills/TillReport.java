package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An X report (a snapshot of an open session, changing nothing) or a Z report (written once at close,
 * numbered per terminal and chained to the terminal's previous Z report). Amounts of voids and returns
 * are negative; {@code net_sales} is sales plus voids plus returns.
 *
 * @param kind X or Z
 * @param number the Z report's number in its terminal's gapless series; null for an X report
 * @param methods per payment method: sales, refunds (voids and returns), net, and for cash what the drawer
 *        should hold; counted and variance once the session was counted. {@code expected} and
 *        {@code variance} are null in an X report shown to a cashier (the close is blind)
 * @param grandTotal the terminal's perpetual total of net sales since its first sale, this session included
 * @param previousHash the hash (hex) of the terminal's previous Z report; null for the first one and on X reports
 * @param lateVoids the voids in this session of sales made in an earlier session (closed before the void), each
 *        naming the sale and its session; they are counted in {@code voids} and the methods here, the day they happened
 */
public record TillReport(String kind, @Nullable Long number, UUID terminalId, String terminalCode, String terminalName,
		UUID locationId, UUID sessionId, UUID cashierId, String currency, Instant openedAt, @Nullable Instant countedAt,
		@Nullable Instant closedAt, Instant generatedAt, BigDecimal openingFloat, Figure sales, Figure voids,
		Figure returns, BigDecimal discounts, long priceOverrides, long noSales, Figure paidIn, Figure paidOut,
		Figure drops, BigDecimal netSales, List<Method> methods, List<TaxRate> taxes, @Nullable String firstNumber,
		@Nullable String lastNumber, BigDecimal grandTotal, @Nullable BigDecimal varianceTotal,
		@Nullable UUID varianceAcceptedBy, @Nullable String varianceNote, @Nullable String previousHash,
		List<LateVoid> lateVoids) {

	/** A void of a sale of another session: the sale's id and number, its session, the (negative) amount. */
	public record LateVoid(UUID saleId, String number, UUID saleSessionId, BigDecimal amount, Instant voidedAt) {
	}

	/** How many and how much. */
	public record Figure(long count, BigDecimal amount) {
	}

	public record Method(String method, BigDecimal sales, BigDecimal refunds, BigDecimal net,
			@Nullable BigDecimal expected, @Nullable BigDecimal counted, @Nullable BigDecimal variance) {
	}

	public record TaxRate(BigDecimal rate, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst,
			BigDecimal cess) {
	}
}

package dev.kassa.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one location's business day, or of several days and locations. Voided sales are left out
 * of every figure and counted in {@code voids}; returns (credit notes) are reported in {@code returns} and
 * not netted off the sales figures, as a GST return reports them separately.
 *
 * @param estimates null until estimates exist
 * @param byDay every business day of the period in order, days without sales with zeros: the trend a range
 *     report is read for
 */
public record SalesReport(Period period, Summary summary, List<PaymentRow> byPaymentMethod,
		List<ProductRow> topProducts, List<CategoryRow> byCategory, List<CashierRow> byCashier,
		List<HourRow> byHour, List<TaxRow> taxSummary, Returns returns, Voids voids,
		EstimateFigures estimates, List<DayRow> byDay) {

	/**
	 * One business day: its completed sales as {@link Summary} counts them ({@code net} the gross less discounts,
	 * before tax; {@code total} with tax) and its credit notes (count, and the total they refunded).
	 */
	public record DayRow(java.time.LocalDate date, long sales, BigDecimal net, BigDecimal tax, BigDecimal total,
			long returns, BigDecimal returned) {
	}

	/**
	 * @param from the first business day, inclusive
	 * @param to the last business day, inclusive
	 */
	public record Period(List<UUID> locationIds, LocalDate from, LocalDate to, String currency,
			Instant generatedAt) {
	}

	/**
	 * @param count completed sales
	 * @param gross the lines at their prices, before any discount (a price that includes tax counts with it)
	 * @param discounts line and sale discounts together
	 * @param net gross less discounts
	 * @param taxable the taxable value
	 * @param tax every tax together
	 * @param total what customers paid: taxable value plus tax
	 * @param averageTicket total divided by count, rounded half-up to the minor unit; zero without sales
	 */
	public record Summary(long count, BigDecimal gross, BigDecimal discounts, BigDecimal net, BigDecimal taxable,
			BigDecimal tax, BigDecimal total, BigDecimal averageTicket) {
	}

	/** @param sales how many sales used the method at least once */
	public record PaymentRow(String method, long sales, BigDecimal amount) {
	}

	/** @param net the taxable value of the lines, after discounts */
	public record ProductRow(UUID productId, String sku, String name, BigDecimal quantity, long sales,
			BigDecimal net, BigDecimal total) {
	}

	/** @param categoryId null for products without a category */
	public record CategoryRow(@Nullable UUID categoryId, @Nullable String name, BigDecimal quantity, BigDecimal net,
			BigDecimal total) {
	}

	public record CashierRow(UUID cashierId, @Nullable String username, long sales, BigDecimal total) {
	}

	/** @param hour 0 to 23, the hour of the sale in its location's time zone */
	public record HourRow(int hour, long sales, BigDecimal total) {
	}

	/** One GST rate (and cess rate) with what was taxed at it: the rows of a GST return's rate table. */
	public record TaxRow(BigDecimal rate, BigDecimal cessRate, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst,
			BigDecimal igst, BigDecimal cess, BigDecimal tax) {
	}

	/**
	 * Credit notes dated in the period, and how they were refunded.
	 *
	 * @param taxSummary the tax they took back per rate, CGST, SGST, IGST and cess as the returned lines were
	 *     sold with: what a GST return subtracts from the sales' {@code tax_summary}
	 */
	public record Returns(long count, BigDecimal total, BigDecimal tax, List<PaymentRow> refundsByMethod,
			List<TaxRow> taxSummary) {
	}

	/** Sales of the period that were voided: left out of every other figure. */
	public record Voids(long count, BigDecimal total) {
	}

	/**
	 * Estimates created in the period.
	 *
	 * @param pending still open and valid
	 * @param convertedTotal the value of the converted ones
	 * @param expired past their validity without being converted
	 * @param conversionRate converted divided by all, 0 to 1 with four decimals; zero without estimates
	 */
	public record EstimateFigures(long count, BigDecimal total, long pending, long converted,
			BigDecimal convertedTotal, long expired, long cancelled, BigDecimal conversionRate) {
	}
}

package dev.kassa.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Aggregates over the sales module's sales, sale_lines, sale_payments, sale_returns and sale_refunds tables,
 * read-only. Every query selects the sales of some locations and business days through the index
 * {@code sales_day_figures (location_id, business_date)}.
 */
@Repository
class ReportStore {

	private static final String COMPLETED_STATUS = "COMPLETED";

	private static final String COMPLETED = """
			 s.location_id = ANY(:locations::uuid[]) AND s.business_date BETWEEN :from AND :to
			 AND s.status = 'COMPLETED'
			""";

	record Totals(long sales, BigDecimal gross, BigDecimal discounts, BigDecimal taxable, BigDecimal tax,
			BigDecimal total) {

		static final Totals NONE = new Totals(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
				BigDecimal.ZERO);
	}

	record ProductFigures(UUID productId, String sku, String name, BigDecimal quantity, long sales, BigDecimal net,
			BigDecimal total) {
	}

	record CashierFigures(UUID cashierId, long sales, BigDecimal total) {
	}

	private final JdbcClient jdbc;

	ReportStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * For the rest of the report's transaction: plans the joins of the day's sales to their lines and payments
	 * as index probes (with PostgreSQL's default random_page_cost, 4, meant for spinning disks, it scans every
	 * payment ever taken and hashes them: a cost that grows with the sales stored instead of the day's; 1.1 is
	 * the usual figure for SSDs and data in memory), and sorts a day's lines in memory (the second grouping
	 * set's sort of 30,000 lines spills to disk at the default 4 MB).
	 */
	void planForOneDay() {
		jdbc.sql("SET LOCAL random_page_cost = 1.1").update();
		jdbc.sql("SET LOCAL work_mem = '16MB'").update();
	}

	/**
	 * The day's sales read once: totals per status, and the sales by cashier and by local hour (each sale's
	 * location's time zone, given per location). Three grouping sets of one statement over the index
	 * {@code sales_day_figures}, which carries every column it reads; package-private so that a test can check
	 * its plan.
	 */
	static final String SALES = """
			SELECT s.status, s.cashier_id, extract(hour FROM s.created_at AT TIME ZONE z.tz)::int AS hour,
			       grouping(s.cashier_id, extract(hour FROM s.created_at AT TIME ZONE z.tz)::int) AS grouped,
			       count(*) AS sales, sum(s.subtotal) AS gross, sum(s.discount_total) AS discounts,
			       sum(s.taxable) AS taxable, sum(s.tax_total) AS tax, sum(s.total) AS total
			  FROM sales s
			  JOIN unnest(:locations::uuid[], :zones::text[]) AS z(location_id, tz) ON z.location_id = s.location_id
			 WHERE s.location_id = ANY(:locations::uuid[]) AND s.business_date BETWEEN :from AND :to
			 GROUP BY GROUPING SETS ((s.status), (s.status, s.cashier_id), (s.status, 3))
			 ORDER BY grouped, hour, sum(s.total) DESC, s.cashier_id
			""";

	/** {@code grouped} of the rows by status alone, by cashier and by hour: a bit for each column left out. */
	private static final int BY_STATUS = 3, BY_CASHIER = 1, BY_HOUR = 2;

	/**
	 * @param totals per sale status (COMPLETED, VOIDED)
	 * @param cashiers completed sales by cashier, by total descending
	 * @param hours completed sales by local hour
	 */
	record DaySales(Map<String, Totals> totals, List<CashierFigures> cashiers, List<SalesReport.HourRow> hours) {
	}

	DaySales sales(List<UUID> locations, List<String> timeZones, LocalDate from, LocalDate to) {
		var totals = new HashMap<String, Totals>();
		var cashiers = new ArrayList<CashierFigures>();
		var hours = new ArrayList<SalesReport.HourRow>();
		jdbc.sql(SALES)
			.param("locations", array(locations))
			.param("zones", textArray(timeZones))
			.param("from", from)
			.param("to", to)
			.query(rs -> {
				var status = rs.getString("status");
				int grouped = rs.getInt("grouped");
				if (grouped == BY_STATUS) {
					totals.put(status, new Totals(rs.getLong("sales"), rs.getBigDecimal("gross"),
							rs.getBigDecimal("discounts"), rs.getBigDecimal("taxable"), rs.getBigDecimal("tax"),
							rs.getBigDecimal("total")));
				}
				else if (grouped == BY_CASHIER && COMPLETED_STATUS.equals(status)) {
					cashiers.add(new CashierFigures(rs.getObject("cashier_id", UUID.class), rs.getLong("sales"),
							rs.getBigDecimal("total")));
				}
				else if (grouped == BY_HOUR && COMPLETED_STATUS.equals(status)) {
					hours.add(new SalesReport.HourRow(rs.getInt("hour"), rs.getLong("sales"), rs.getBigDecimal("total")));
				}
			});
		return new DaySales(totals, cashiers, hours);
	}

	List<SalesReport.PaymentRow> payments(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT p.method, count(DISTINCT p.sale_id) AS sales, sum(p.amount) AS amount
				  FROM sales s JOIN sale_payments p ON p.sale_id = s.id
				 WHERE""" + COMPLETED + """
				 GROUP BY p.method
				 ORDER BY p.method
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new SalesReport.PaymentRow(rs.getString("method"), rs.getLong("sales"),
					rs.getBigDecimal("amount")))
			.list();
	}

	/**
	 * The completed sales' lines read once: by product (every product sold, by total descending) and by tax
	 * and cess rate, the two grouping sets of one statement.
	 */
	static final String LINES = """
			SELECT grouping(l.product_id) AS by_rate, l.product_id, min(l.sku) AS sku, min(l.name) AS name,
			       sum(l.quantity) AS quantity, count(DISTINCT s.id) AS sales, sum(l.taxable) AS taxable,
			       sum(l.total) AS total, l.tax_rate, l.cess_rate, sum(l.cgst) AS cgst, sum(l.sgst) AS sgst,
			       sum(l.igst) AS igst, sum(l.cess) AS cess, sum(l.tax_total) AS tax
			  FROM sales s JOIN sale_lines l ON l.sale_id = s.id
			 WHERE""" + COMPLETED + """
			 GROUP BY GROUPING SETS ((l.product_id), (l.tax_rate, l.cess_rate))
			 ORDER BY by_rate, CASE WHEN grouping(l.product_id) = 0 THEN sum(l.total) END DESC, l.product_id,
			          l.tax_rate, l.cess_rate
			""";

	/**
	 * @param products every product sold, by total descending
	 * @param taxes by tax rate and cess rate, ascending
	 */
	record DayLines(List<ProductFigures> products, List<SalesReport.TaxRow> taxes) {
	}

	DayLines lines(List<UUID> locations, LocalDate from, LocalDate to) {
		var products = new ArrayList<ProductFigures>();
		var taxes = new ArrayList<SalesReport.TaxRow>();
		jdbc.sql(LINES)
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query(rs -> {
				if (rs.getInt("by_rate") == 0) {
					products.add(new ProductFigures(rs.getObject("product_id", UUID.class), rs.getString("sku"),
							rs.getString("name"), rs.getBigDecimal("quantity"), rs.getLong("sales"),
							rs.getBigDecimal("taxable"), rs.getBigDecimal("total")));
				}
				else {
					taxes.add(new SalesReport.TaxRow(rs.getBigDecimal("tax_rate"), rs.getBigDecimal("cess_rate"),
							rs.getBigDecimal("taxable"), rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"),
							rs.getBigDecimal("igst"), rs.getBigDecimal("cess"), rs.getBigDecimal("tax")));
				}
			});
		return new DayLines(products, taxes);
	}

	record ReturnTotals(long count, BigDecimal total, BigDecimal tax) {
	}

	/** Credit notes dated in the period (their own business day, not the sale's). */
	ReturnTotals returns(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT count(*) AS returns, coalesce(sum(r.total), 0) AS total, coalesce(sum(r.tax_total), 0) AS tax
				  FROM sale_returns r
				 WHERE r.location_id = ANY(:locations::uuid[]) AND r.business_date BETWEEN :from AND :to
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new ReturnTotals(rs.getLong("returns"), rs.getBigDecimal("total"), rs.getBigDecimal("tax")))
			.single();
	}

	List<SalesReport.PaymentRow> refunds(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT f.method, count(DISTINCT f.return_id) AS returns, sum(f.amount) AS amount
				  FROM sale_returns r JOIN sale_refunds f ON f.return_id = r.id
				 WHERE r.location_id = ANY(:locations::uuid[]) AND r.business_date BETWEEN :from AND :to
				 GROUP BY f.method
				 ORDER BY f.method
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new SalesReport.PaymentRow(rs.getString("method"), rs.getLong("returns"),
					rs.getBigDecimal("amount")))
			.list();
	}

	/**
	 * Estimates created in the period by status. One still stored PENDING whose validity has passed in its
	 * location's time zone counts as expired, as the sales module reads it.
	 */
	SalesReport.EstimateFigures estimates(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT count(*) AS estimates, coalesce(sum(e.total), 0) AS total,
				       count(*) FILTER (WHERE e.status = 'PENDING'
				                          AND e.valid_until >= (now() AT TIME ZONE e.time_zone)::date) AS pending,
				       count(*) FILTER (WHERE e.status = 'CONVERTED') AS converted,
				       count(*) FILTER (WHERE e.status = 'EXPIRED'
				                           OR (e.status = 'PENDING'
				                               AND e.valid_until < (now() AT TIME ZONE e.time_zone)::date)) AS expired,
				       count(*) FILTER (WHERE e.status = 'CANCELLED') AS cancelled,
				       coalesce(sum(e.total) FILTER (WHERE e.status = 'CONVERTED'), 0) AS converted_total
				  FROM estimates e
				 WHERE e.location_id = ANY(:locations::uuid[]) AND e.business_date BETWEEN :from AND :to
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> {
				long count = rs.getLong("estimates");
				long converted = rs.getLong("converted");
				var rate = count == 0 ? BigDecimal.ZERO
						: BigDecimal.valueOf(converted).divide(BigDecimal.valueOf(count), 4, java.math.RoundingMode.HALF_UP);
				return new SalesReport.EstimateFigures(count, rs.getBigDecimal("total"), rs.getLong("pending"), converted,
						rs.getBigDecimal("converted_total"), rs.getLong("expired"), rs.getLong("cancelled"), rate);
			})
			.single();
	}

	static String array(List<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	private static String textArray(List<String> values) {
		return values.stream()
			.map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
			.collect(Collectors.joining(",", "{", "}"));
	}
}

package dev.kassa.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The report's figures: the day figures it keeps (report_day_figures, folded from report_day_pending, which
 * the triggers on sales fill), read together with what is not folded yet; and aggregates over the sales
 * module's sale_returns and sale_refunds and the estimates, read-only, per location and business day.
 */
@Repository
class ReportStore {

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
	 * For the rest of the transaction: plans the joins of pending sales to their lines and payments as index
	 * probes (with PostgreSQL's default random_page_cost, 4, meant for spinning disks, it scans every payment
	 * ever taken and hashes them: a cost that grows with the sales stored instead of the pending ones; 1.1 is
	 * the usual figure for SSDs and data in memory), and groups a fold's batch in memory.
	 */
	void planIndexProbes() {
		jdbc.sql("SET LOCAL random_page_cost = 1.1").update();
		jdbc.sql("SET LOCAL work_mem = '16MB'").update();
	}

	/**
	 * The report rows of the sales in {@code pending} (id, sale_id, location_id, business_date, status, sign):
	 * per location, day, kind and key, each sale counted once per key with its sign, for the status it names.
	 * The one definition of a report's figures, for the fold and for the read of what is not folded yet.
	 */
	private static final String FIGURES = """
			figures AS (
			  SELECT p.location_id, p.business_date, 'sale'::text AS kind, p.status AS key, p.sign::bigint AS sales,
			         0::numeric AS quantity, p.sign * s.subtotal AS gross, p.sign * s.discount_total AS discounts,
			         p.sign * s.taxable AS taxable, p.sign * s.tax_total AS tax, p.sign * s.total AS total,
			         0::numeric AS cgst, 0::numeric AS sgst, 0::numeric AS igst, 0::numeric AS cess, NULL::text AS sku,
			         NULL::text AS name
			    FROM pending p JOIN sales s ON s.id = p.sale_id
			  UNION ALL
			  SELECT p.location_id, p.business_date, c.kind, c.key, p.sign, 0, 0, 0, 0, 0, p.sign * s.total, 0, 0, 0, 0,
			         NULL, NULL
			    FROM pending p JOIN sales s ON s.id = p.sale_id
			   CROSS JOIN LATERAL (VALUES ('cashier', s.cashier_id::text),
			          ('quarter', extract(epoch FROM date_bin('15 minutes', s.created_at, timestamptz 'epoch'))::bigint::text))
			          AS c(kind, key)
			   WHERE p.status = 'COMPLETED'
			  UNION ALL
			  SELECT p.location_id, p.business_date, 'method', y.method, p.sign, 0, 0, 0, 0, 0, p.sign * sum(y.amount), 0,
			         0, 0, 0, NULL, NULL
			    FROM pending p JOIN sale_payments y ON y.sale_id = p.sale_id
			   WHERE p.status = 'COMPLETED'
			   GROUP BY p.id, p.sign, p.location_id, p.business_date, y.method
			  UNION ALL
			  SELECT p.location_id, p.business_date, 'product', l.product_id::text, p.sign, p.sign * sum(l.quantity), 0,
			         0, p.sign * sum(l.taxable), 0, p.sign * sum(l.total), 0, 0, 0, 0, min(l.sku), min(l.name)
			    FROM pending p JOIN sale_lines l ON l.sale_id = p.sale_id
			   WHERE p.status = 'COMPLETED'
			   GROUP BY p.id, p.sign, p.location_id, p.business_date, l.product_id
			  UNION ALL
			  SELECT p.location_id, p.business_date, 'rate', trim_scale(l.tax_rate) || '/' || trim_scale(l.cess_rate),
			         p.sign, 0, 0, 0, p.sign * sum(l.taxable), p.sign * sum(l.tax_total), 0, p.sign * sum(l.cgst),
			         p.sign * sum(l.sgst), p.sign * sum(l.igst), p.sign * sum(l.cess), NULL, NULL
			    FROM pending p JOIN sale_lines l ON l.sale_id = p.sale_id
			   WHERE p.status = 'COMPLETED'
			   GROUP BY p.id, p.sign, p.location_id, p.business_date, trim_scale(l.tax_rate), trim_scale(l.cess_rate)
			)
			""";

	private static final String SUMS = """
			sum(sales) AS sales, sum(quantity) AS quantity, sum(gross) AS gross, sum(discounts) AS discounts,
			       sum(taxable) AS taxable, sum(tax) AS tax, sum(total) AS total, sum(cgst) AS cgst, sum(sgst) AS sgst,
			       sum(igst) AS igst, sum(cess) AS cess, min(sku) AS sku, min(name) AS name
			""";

	/** Any number, the same in every instance: the lock that lets one fold run at a time. */
	static final long FOLD_LOCK = 0x6b61737361_01L;

	/**
	 * Up to {@code batch} of the oldest pending rows, folded into the day figures and deleted, in one
	 * statement; in key order, so that folds that meet wait for each other instead of deadlocking. The caller's
	 * transaction must hold {@link #FOLD_LOCK}.
	 *
	 * @return the pending rows folded
	 */
	int fold(int batch) {
		return jdbc.sql("""
				WITH pending AS (
				  DELETE FROM report_day_pending
				   WHERE id IN (SELECT id FROM report_day_pending ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED)
				  RETURNING id, sale_id, location_id, business_date, status, sign
				), """ + FIGURES + """
				, folded AS (
				  INSERT INTO report_day_figures AS f (location_id, business_date, kind, key, sales, quantity, gross,
				         discounts, taxable, tax, total, cgst, sgst, igst, cess, sku, name)
				  SELECT location_id, business_date, kind, key, """ + SUMS + """
				    FROM figures
				   GROUP BY location_id, business_date, kind, key
				   ORDER BY location_id, business_date, kind, key
				  ON CONFLICT (location_id, business_date, kind, key) DO UPDATE
				     SET sales = f.sales + excluded.sales, quantity = f.quantity + excluded.quantity,
				         gross = f.gross + excluded.gross, discounts = f.discounts + excluded.discounts,
				         taxable = f.taxable + excluded.taxable, tax = f.tax + excluded.tax, total = f.total + excluded.total,
				         cgst = f.cgst + excluded.cgst, sgst = f.sgst + excluded.sgst, igst = f.igst + excluded.igst,
				         cess = f.cess + excluded.cess, sku = least(f.sku, excluded.sku), name = least(f.name, excluded.name)
				  RETURNING 1
				)
				SELECT count(*)::int FROM pending
				""")
			.param("batch", batch)
			.query(Integer.class)
			.single();
	}

	/** Whether this transaction now holds the fold's lock (until it ends); false when another holds it. */
	boolean lockFold() {
		return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)")
			.param("lock", FOLD_LOCK)
			.query(Boolean.class)
			.single());
	}

	/**
	 * The figures of some locations' days: what is folded plus what is pending, read in the caller's
	 * snapshot, per location (for the local hour), kind and key. Package-private so that a test can check
	 * its plan.
	 */
	static final String READ = """
			WITH pending AS (
			  SELECT id, sale_id, location_id, business_date, status, sign
			    FROM report_day_pending
			   WHERE location_id = ANY(:locations::uuid[]) AND business_date BETWEEN :from AND :to
			), """ + FIGURES + """
			SELECT location_id, kind, key, """ + SUMS + """
			  FROM (SELECT location_id, kind, key, sales, quantity, gross, discounts, taxable, tax, total, cgst, sgst,
			               igst, cess, sku, name
			          FROM report_day_figures
			         WHERE location_id = ANY(:locations::uuid[]) AND business_date BETWEEN :from AND :to
			        UNION ALL
			        SELECT location_id, kind, key, sales, quantity, gross, discounts, taxable, tax, total, cgst, sgst,
			               igst, cess, sku, name
			          FROM figures) AS f
			 GROUP BY location_id, kind, key
			""";

	/** One row of {@link #READ}. */
	record Figure(UUID locationId, String kind, String key, long sales, BigDecimal quantity, BigDecimal gross,
			BigDecimal discounts, BigDecimal taxable, BigDecimal tax, BigDecimal total, BigDecimal cgst,
			BigDecimal sgst, BigDecimal igst, BigDecimal cess, @Nullable String sku, @Nullable String name) {

		Figure keyed(String other) {
			return new Figure(locationId, kind, other, sales, quantity, gross, discounts, taxable, tax, total, cgst, sgst,
					igst, cess, sku, name);
		}
	}

	List<Figure> figures(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql(READ)
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new Figure(rs.getObject("location_id", UUID.class), rs.getString("kind"),
					rs.getString("key"), rs.getLong("sales"), rs.getBigDecimal("quantity"), rs.getBigDecimal("gross"),
					rs.getBigDecimal("discounts"), rs.getBigDecimal("taxable"), rs.getBigDecimal("tax"),
					rs.getBigDecimal("total"), rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"),
					rs.getBigDecimal("igst"), rs.getBigDecimal("cess"), rs.getString("sku"), rs.getString("name")))
			.list();
	}

	/** One day's completed sales and credit notes, for {@link SalesReport#byDay()}. */
	record DayTotals(LocalDate date, long sales, BigDecimal net, BigDecimal tax, BigDecimal total, long returns,
			BigDecimal returned) {
	}

	/**
	 * Per business day with sales or credit notes: the completed sales (folded plus pending, as {@link #READ})
	 * and the credit notes of that day.
	 */
	List<DayTotals> days(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				WITH pending AS (
				  SELECT id, sale_id, location_id, business_date, status, sign
				    FROM report_day_pending
				   WHERE location_id = ANY(:locations::uuid[]) AND business_date BETWEEN :from AND :to
				), """ + FIGURES + """
				, sold AS (
				  SELECT business_date, sum(sales) AS sales, sum(gross - discounts) AS net, sum(tax) AS tax,
				         sum(total) AS total
				    FROM (SELECT business_date, sales, gross, discounts, tax, total FROM report_day_figures
				           WHERE location_id = ANY(:locations::uuid[]) AND business_date BETWEEN :from AND :to
				             AND kind = 'sale' AND key = 'COMPLETED'
				          UNION ALL
				          SELECT business_date, sales, gross, discounts, tax, total FROM figures
				           WHERE kind = 'sale' AND key = 'COMPLETED') f
				   GROUP BY business_date
				), returned AS (
				  SELECT business_date, count(*) AS returns, sum(total) AS returned
				    FROM sale_returns
				   WHERE location_id = ANY(:locations::uuid[]) AND business_date BETWEEN :from AND :to
				   GROUP BY business_date
				)
				SELECT coalesce(s.business_date, r.business_date) AS day, coalesce(s.sales, 0) AS sales,
				       coalesce(s.net, 0) AS net, coalesce(s.tax, 0) AS tax, coalesce(s.total, 0) AS total,
				       coalesce(r.returns, 0) AS returns, coalesce(r.returned, 0) AS returned
				  FROM sold s FULL JOIN returned r ON r.business_date = s.business_date
				 ORDER BY 1
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new DayTotals(rs.getObject("day", LocalDate.class), rs.getLong("sales"),
					rs.getBigDecimal("net"), rs.getBigDecimal("tax"), rs.getBigDecimal("total"), rs.getLong("returns"),
					rs.getBigDecimal("returned")))
			.list();
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

	/** The tax the credit notes dated in the period took back, per rate of the lines they returned. */
	List<SalesReport.TaxRow> returnTaxes(List<UUID> locations, LocalDate from, LocalDate to) {
		return jdbc.sql("""
				SELECT trim_scale(l.tax_rate) AS rate, trim_scale(l.cess_rate) AS cess_rate,
				       sum(x.amount - x.tax_total) AS taxable, sum(x.cgst) AS cgst, sum(x.sgst) AS sgst,
				       sum(x.igst) AS igst, sum(x.cess) AS cess, sum(x.tax_total) AS tax
				  FROM sale_returns r
				  JOIN sale_return_lines x ON x.return_id = r.id
				  JOIN sale_lines l ON l.id = x.sale_line_id
				 WHERE r.location_id = ANY(:locations::uuid[]) AND r.business_date BETWEEN :from AND :to
				 GROUP BY 1, 2
				 ORDER BY 1, 2
				""")
			.param("locations", array(locations))
			.param("from", from)
			.param("to", to)
			.query((rs, n) -> new SalesReport.TaxRow(rs.getBigDecimal("rate"), rs.getBigDecimal("cess_rate"),
					rs.getBigDecimal("taxable"), rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"),
					rs.getBigDecimal("cess"), rs.getBigDecimal("tax")))
			.list();
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
}

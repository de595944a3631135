package dev.kassa.sales;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.SqlPart;

/** The sales, sale_lines and sale_payments tables. */
@Repository
class SaleStore {

	private static final String SALE_COLUMNS = """
			id, number, location_id, terminal_id, terminal_label, customer_id, cashier_id, status, supply, place_of_supply, currency,
			business_date, subtotal, discount_value, discount_is_percentage, sale_discount, discount_total, taxable,
			cgst, sgst, igst, cess, tax_total, total, paid, change_due, notes, created_at,
			coalesce(made_at, created_at) AS made_at, voided_at, voided_by, void_reason""";

	private static final String PAYMENT_COLUMNS = "id, sale_id, method, amount, tendered, reference, created_at";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final LineStore lineStore;

	SaleStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, LineStore lines) {
		this.jdbc = jdbc;
		this.named = named;
		this.lineStore = lines;
	}

	/** Inserts a sale's lines and payments in one statement. */
	void insertLinesAndPayments(UUID saleId, List<SaleLine> lines, List<SalePayment> payments, Instant now) {
		if (payments.isEmpty()) {
			lineStore.insert(LineStore.Of.SALE, saleId, lines);
			return;
		}
		var params = new LinkedHashMap<String, Object>();
		params.put("parentId", saleId);
		var sql = new StringBuilder();
		if (!lines.isEmpty()) {
			sql.append("WITH lines AS (").append(LineStore.insertStatement(LineStore.Of.SALE, saleId, lines, params))
				.append(")\n");
		}
		sql.append("INSERT INTO sale_payments (" + PAYMENT_COLUMNS + ") VALUES ");
		params.put("now", Timestamp.from(now));
		for (int i = 0; i < payments.size(); i++) {
			var payment = payments.get(i);
			sql.append(i == 0 ? "" : ", ")
				.append("(:paymentId").append(i).append(", :parentId, :method").append(i).append(", :amount").append(i)
				.append(", :tendered").append(i).append(", :reference").append(i).append(", :now)");
			params.put("paymentId" + i, payment.id());
			params.put("method" + i, payment.method().name());
			params.put("amount" + i, payment.amount());
			params.put("tendered" + i, payment.tendered());
			params.put("reference" + i, payment.reference());
		}
		var statement = jdbc.sql(sql.toString());
		for (var entry : params.entrySet()) {
			statement = statement.param(entry.getKey(), entry.getValue());
		}
		statement.update();
	}

	/**
	 * Runs the parts as one statement and commits with it (see {@link SqlPart#queryAndCommit}); answers the
	 * sale's number. Throws {@link SqlPart.NoRow} when no number was taken.
	 */
	String writeAndCommit(List<SqlPart> parts) {
		return SqlPart.queryAndCommit(named, parts, "number", "sale");
	}

	/** Runs the parts as one statement inside the caller's transaction, which goes on. */
	Optional<String> write(List<SqlPart> parts) {
		return SqlPart.statement(jdbc, parts, "SELECT number FROM sale").query(String.class).optional();
	}

	/**
	 * The part of a statement that inserts the sale with the number taken before it in the same
	 * statement ({@code taken}, see {@link dev.kassa.numbering.DocumentNumbers#takeInStatement}): a common
	 * table expression {@code sale(number)}, empty unless the SQL {@code condition} holds. The sale's own
	 * number is ignored.
	 */
	SqlPart insertSaleAfterTake(Sale sale, String condition) {
		var params = new HashMap<String, Object>();
		params.put("s_id", sale.id());
		params.put("s_location", sale.locationId());
		params.put("s_terminal", sale.terminalId());
		params.put("s_customer", sale.customerId());
		params.put("s_cashier", sale.cashierId());
		params.put("s_status", sale.status().name());
		params.put("s_supply", sale.supply());
		params.put("s_place", sale.placeOfSupply());
		params.put("s_currency", sale.currency());
		params.put("s_date", sale.businessDate());
		params.put("s_subtotal", sale.subtotal());
		params.put("s_discount_value", sale.discountValue());
		params.put("s_percentage", sale.isPercentageDiscount());
		params.put("s_sale_discount", sale.saleDiscount());
		params.put("s_discount_total", sale.discountTotal());
		params.put("s_taxable", sale.taxable());
		params.put("s_cgst", sale.cgst());
		params.put("s_sgst", sale.sgst());
		params.put("s_igst", sale.igst());
		params.put("s_cess", sale.cess());
		params.put("s_tax_total", sale.taxTotal());
		params.put("s_total", sale.total());
		params.put("s_paid", sale.paid());
		params.put("s_change", sale.changeDue());
		params.put("s_notes", sale.notes());
		params.put("s_created_at", Timestamp.from(sale.createdAt()));
		params.put("s_made_at", Timestamp.from(sale.madeAt()));
		return new SqlPart("""
				sale AS (
				    INSERT INTO sales (id, number, location_id, terminal_id, customer_id, cashier_id, status, supply,
				        place_of_supply, currency, business_date, subtotal, discount_value, discount_is_percentage,
				        sale_discount, discount_total, taxable, cgst, sgst, igst, cess, tax_total, total, paid, change_due,
				        notes, created_at, made_at)
				    SELECT :s_id::uuid, taken.number, :s_location::uuid, :s_terminal::uuid, :s_customer::uuid,
				        :s_cashier::uuid, :s_status::text, :s_supply::text, :s_place::text, :s_currency::text,
				        :s_date::date, :s_subtotal::numeric, :s_discount_value::numeric, :s_percentage::boolean,
				        :s_sale_discount::numeric, :s_discount_total::numeric, :s_taxable::numeric, :s_cgst::numeric,
				        :s_sgst::numeric, :s_igst::numeric, :s_cess::numeric, :s_tax_total::numeric, :s_total::numeric,
				        :s_paid::numeric, :s_change::numeric, :s_notes::text, :s_created_at::timestamptz,
				        :s_made_at::timestamptz
				      FROM taken
				     WHERE\s""" + condition + """

				    RETURNING number)""", params);
	}

	/** Marks a completed sale voided; false when it is not (any more) completed. */
	boolean markVoided(UUID id, UUID by, String reason, Instant now) {
		return jdbc.sql("""
				UPDATE sales SET status = 'VOIDED', voided_at = :now, voided_by = :by, void_reason = :reason
				WHERE id = :id AND status = 'COMPLETED'
				""")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("reason", reason)
			.param("id", id)
			.update() == 1;
	}

	Optional<Sale> find(UUID id) {
		return complete(jdbc.sql("SELECT " + SALE_COLUMNS + " FROM sales WHERE id = :id")
			.param("id", id)
			.query(SALE)
			.list()).stream().findFirst();
	}

	/** The sale, its row locked until the transaction ends. */
	Optional<Sale> lock(UUID id) {
		return complete(jdbc.sql("SELECT " + SALE_COLUMNS + " FROM sales WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(SALE)
			.list()).stream().findFirst();
	}

	Optional<Sale> findByNumber(String number) {
		return complete(jdbc.sql("SELECT " + SALE_COLUMNS + " FROM sales WHERE number = :number")
			.param("number", number)
			.query(SALE)
			.list()).stream().findFirst();
	}

	/** Newest first, keyset on the id (UUIDv7 sorts by creation). */
	List<Sale> page(Sales.Filter filter, @Nullable UUID before, int limit) {
		return complete(jdbc.sql("SELECT " + SALE_COLUMNS + """
				 FROM sales s
				WHERE (:before::uuid IS NULL OR s.id < :before)
				  AND (:only::uuid[] IS NULL OR s.location_id = ANY(:only::uuid[]))
				  AND (:locationId::uuid IS NULL OR s.location_id = :locationId)
				  AND (:status::text IS NULL OR s.status = :status)
				  AND (:from::date IS NULL OR s.business_date >= :from)
				  AND (:to::date IS NULL OR s.business_date <= :to)
				  AND (:cashierId::uuid IS NULL OR s.cashier_id = :cashierId)
				  AND (:customerId::uuid IS NULL OR s.customer_id = :customerId)
				  AND (:method::text IS NULL OR EXISTS (SELECT 1 FROM sale_payments p
				                                         WHERE p.sale_id = s.id AND p.method = :method))
				ORDER BY s.id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("only", filter.only() == null ? null
					: "{" + String.join(",", filter.only().stream().map(UUID::toString).toList()) + "}")
			.param("locationId", filter.locationId())
			.param("status", filter.status() == null ? null : filter.status().name())
			.param("from", filter.from())
			.param("to", filter.to())
			.param("cashierId", filter.cashierId())
			.param("customerId", filter.customerId())
			.param("method", filter.method() == null ? null : filter.method().name())
			.param("limit", limit)
			.query(SALE)
			.list());
	}

	/** How many sales, voided ones too, a location has on the business days from and to, inclusive. */
	long count(UUID locationId, java.time.LocalDate from, java.time.LocalDate to) {
		return jdbc.sql("""
				SELECT count(*) FROM sales WHERE location_id = :locationId AND business_date BETWEEN :from AND :to
				""")
			.param("locationId", locationId)
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.single();
	}

	/** How many lines of sales, orders and estimates refer to the product. */
	long linesOf(UUID productId) {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM sale_lines WHERE product_id = :id)
				     + (SELECT count(*) FROM order_lines WHERE product_id = :id)
				     + (SELECT count(*) FROM estimate_lines WHERE product_id = :id)
				""")
			.param("id", productId)
			.query(Long.class)
			.single();
	}

	/** Fills in the lines and payments of the headers read, in two queries. */
	private List<Sale> complete(List<Sale> headers) {
		if (headers.isEmpty()) {
			return headers;
		}
		var ids = headers.stream().map(Sale::id).toArray(UUID[]::new);
		var lines = lineStore.of(LineStore.Of.SALE, ids);
		var payments = new LinkedHashMap<UUID, List<SalePayment>>();
		jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM sale_payments WHERE sale_id = ANY(:ids) ORDER BY sale_id, id")
			.param("ids", ids)
			.query(rs -> {
				payments.computeIfAbsent(rs.getObject("sale_id", UUID.class), k -> new ArrayList<>()).add(payment(rs));
			});
		return headers.stream().map(h -> with(h, lines, payments)).toList();
	}

	private static Sale with(Sale h, Map<UUID, List<SaleLine>> lines, Map<UUID, List<SalePayment>> payments) {
		return new Sale(h.id(), h.number(), h.locationId(), h.terminalId(), h.terminalLabel(), h.customerId(), h.cashierId(), h.status(),
				h.supply(), h.placeOfSupply(), h.currency(), h.businessDate(), h.subtotal(), h.discountValue(),
				h.isPercentageDiscount(), h.saleDiscount(), h.discountTotal(), h.taxable(), h.cgst(), h.sgst(), h.igst(),
				h.cess(), h.taxTotal(), h.total(), h.paid(), h.changeDue(), h.notes(), h.createdAt(), h.madeAt(), h.voidedAt(),
				h.voidedBy(), h.voidReason(), List.copyOf(lines.getOrDefault(h.id(), List.of())),
				List.copyOf(payments.getOrDefault(h.id(), List.of())));
	}

	private static final RowMapper<Sale> SALE = (ResultSet rs, int n) -> new Sale(rs.getObject("id", UUID.class),
			rs.getString("number"), rs.getObject("location_id", UUID.class), rs.getObject("terminal_id", UUID.class), rs.getString("terminal_label"),
			rs.getObject("customer_id", UUID.class), rs.getObject("cashier_id", UUID.class),
			SaleStatus.valueOf(rs.getString("status")), rs.getString("supply"), rs.getString("place_of_supply"),
			rs.getString("currency"), rs.getObject("business_date", LocalDate.class), rs.getBigDecimal("subtotal"),
			rs.getBigDecimal("discount_value"), rs.getBoolean("discount_is_percentage"),
			rs.getBigDecimal("sale_discount"), rs.getBigDecimal("discount_total"), rs.getBigDecimal("taxable"),
			rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"), rs.getBigDecimal("cess"),
			rs.getBigDecimal("tax_total"), rs.getBigDecimal("total"), rs.getBigDecimal("paid"),
			rs.getBigDecimal("change_due"), rs.getString("notes"), instant(rs, "created_at"), instant(rs, "made_at"),
			instantOrNull(rs, "voided_at"), rs.getObject("voided_by", UUID.class), rs.getString("void_reason"),
			List.of(), List.of());

	private static SalePayment payment(ResultSet rs) throws SQLException {
		BigDecimal tendered = rs.getBigDecimal("tendered");
		return new SalePayment(rs.getObject("id", UUID.class), PaymentMethod.valueOf(rs.getString("method")),
				rs.getBigDecimal("amount"), tendered, rs.getString("reference"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
		var value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}
}

package dev.kassa.sales;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.inventory.StockLine;

/** The orders, order_lines and order_reservations tables. */
@Repository
class OrderStore {

	private static final String COLUMNS = """
			id, location_id, customer_id, created_by, status, estimate_id, supply, place_of_supply, currency,
			business_date, subtotal, discount_value, discount_is_percentage, sale_discount, discount_total, taxable,
			cgst, sgst, igst, cess, tax_total, total, notes, created_at, confirmed_at, fulfilled_at, cancelled_at,
			cancel_reason, sale_id, sale_number""";

	private final JdbcClient jdbc;

	private final LineStore lines;

	OrderStore(JdbcClient jdbc, LineStore lines) {
		this.jdbc = jdbc;
		this.lines = lines;
	}

	void insert(Order order) {
		lines.insert(LineStore.Of.ORDER, order.id(), order.lines());
		jdbc.sql("INSERT INTO orders (" + COLUMNS + """
				)
				VALUES (:id, :locationId, :customerId, :createdBy, :status, :estimateId, :supply, :placeOfSupply,
				    :currency, :businessDate, :subtotal, :discountValue, :percentage, :saleDiscount, :discountTotal,
				    :taxable, :cgst, :sgst, :igst, :cess, :taxTotal, :total, :notes, :createdAt, NULL, NULL, NULL,
				    NULL, NULL, NULL)
				""")
			.param("id", order.id())
			.param("locationId", order.locationId())
			.param("customerId", order.customerId())
			.param("createdBy", order.createdBy())
			.param("status", order.status().name())
			.param("estimateId", order.estimateId())
			.param("supply", order.supply())
			.param("placeOfSupply", order.placeOfSupply())
			.param("currency", order.currency())
			.param("businessDate", order.businessDate())
			.param("subtotal", order.subtotal())
			.param("discountValue", order.discountValue())
			.param("percentage", order.isPercentageDiscount())
			.param("saleDiscount", order.saleDiscount())
			.param("discountTotal", order.discountTotal())
			.param("taxable", order.taxable())
			.param("cgst", order.cgst())
			.param("sgst", order.sgst())
			.param("igst", order.igst())
			.param("cess", order.cess())
			.param("taxTotal", order.taxTotal())
			.param("total", order.total())
			.param("notes", order.notes())
			.param("createdAt", Timestamp.from(order.createdAt()))
			.update();
	}

	/**
	 * Moves the order from {@code from} to {@code to} if it is still in {@code from}; the row stays locked until
	 * the transaction ends. False when another change came first.
	 */
	boolean move(UUID id, OrderStatus from, OrderStatus to, Instant now, @Nullable String reason,
			@Nullable UUID saleId) {
		return jdbc.sql("""
				UPDATE orders SET status = :to,
				       confirmed_at = CASE WHEN :to = 'CONFIRMED' THEN :now ELSE confirmed_at END,
				       fulfilled_at = CASE WHEN :to = 'FULFILLED' THEN :now ELSE fulfilled_at END,
				       cancelled_at = CASE WHEN :to = 'CANCELLED' THEN :now ELSE cancelled_at END,
				       cancel_reason = CASE WHEN :to = 'CANCELLED' THEN :reason::text ELSE cancel_reason END,
				       sale_id = coalesce(:saleId::uuid, sale_id)
				WHERE id = :id AND status = :from
				""")
			.param("to", to.name())
			.param("now", Timestamp.from(now))
			.param("reason", reason)
			.param("saleId", saleId)
			.param("id", id)
			.param("from", from.name())
			.update() == 1;
	}

	void setSaleNumber(UUID id, String number) {
		jdbc.sql("UPDATE orders SET sale_number = :number WHERE id = :id").param("number", number).param("id", id).update();
	}

	Optional<Order> find(UUID id) {
		return complete(jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id").param("id", id).query(ORDER).list())
			.stream()
			.findFirst();
	}

	Optional<Order> findBySaleNumber(String number) {
		return complete(jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE sale_number = :number")
			.param("number", number)
			.query(ORDER)
			.list()).stream().findFirst();
	}

	/** Newest first, keyset on the id (UUIDv7 sorts by creation). */
	List<Order> page(Orders.Filter filter, @Nullable UUID before, int limit) {
		return complete(jdbc.sql("SELECT " + COLUMNS + """
				 FROM orders
				WHERE (:before::uuid IS NULL OR id < :before)
				  AND (:only::uuid[] IS NULL OR location_id = ANY(:only::uuid[]))
				  AND (:locationId::uuid IS NULL OR location_id = :locationId)
				  AND (:status::text IS NULL OR status = :status)
				  AND (:from::date IS NULL OR business_date >= :from)
				  AND (:to::date IS NULL OR business_date <= :to)
				  AND (:customerId::uuid IS NULL OR customer_id = :customerId)
				ORDER BY id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("only", filter.only() == null ? null
					: "{" + String.join(",", filter.only().stream().map(UUID::toString).toList()) + "}")
			.param("locationId", filter.locationId())
			.param("status", filter.status() == null ? null : filter.status().name())
			.param("from", filter.from())
			.param("to", filter.to())
			.param("customerId", filter.customerId())
			.param("limit", limit)
			.query(ORDER)
			.list());
	}

	private List<Order> complete(List<Order> headers) {
		if (headers.isEmpty()) {
			return headers;
		}
		var byOrder = lines.of(LineStore.Of.ORDER, headers.stream().map(Order::id).toArray(UUID[]::new));
		return headers.stream().map(h -> new Order(h.id(), h.locationId(), h.customerId(), h.createdBy(), h.status(),
				h.estimateId(), h.supply(), h.placeOfSupply(), h.currency(), h.businessDate(), h.subtotal(),
				h.discountValue(), h.isPercentageDiscount(), h.saleDiscount(), h.discountTotal(), h.taxable(), h.cgst(),
				h.sgst(), h.igst(), h.cess(), h.taxTotal(), h.total(), h.notes(), h.createdAt(), h.confirmedAt(),
				h.fulfilledAt(), h.cancelledAt(), h.cancelReason(), h.saleId(), h.saleNumber(),
				List.copyOf(byOrder.getOrDefault(h.id(), List.of())))).toList();
	}

	/** Records what the order reserved, one row per product, in one statement. */
	void insertReservations(UUID orderId, List<StockLine> reserved) {
		var lines = StockLine.perProduct(reserved);
		jdbc.sql("""
				INSERT INTO order_reservations (order_id, product_id, quantity, allow_negative)
				SELECT :order, r.product_id, r.quantity, r.allow_negative
				  FROM unnest(:products::uuid[], :quantities::numeric[], :negative::boolean[])
				       AS r (product_id, quantity, allow_negative)
				""")
			.param("order", orderId)
			.param("products", lines.stream().map(StockLine::productId).toArray(UUID[]::new))
			.param("quantities", lines.stream().map(StockLine::quantity).toArray(java.math.BigDecimal[]::new))
			.param("negative", lines.stream().map(StockLine::allowNegative).toArray(Boolean[]::new))
			.update();
	}

	/** What the order reserved when it was placed, in product order. */
	List<StockLine> reservations(UUID orderId) {
		return jdbc.sql("""
				SELECT product_id, quantity, allow_negative FROM order_reservations
				WHERE order_id = :order ORDER BY product_id
				""")
			.param("order", orderId)
			.query((rs, n) -> new StockLine(rs.getObject("product_id", UUID.class), rs.getBigDecimal("quantity"),
					rs.getBoolean("allow_negative"), true))
			.list();
	}

	private static final RowMapper<Order> ORDER = (ResultSet rs, int n) -> new Order(rs.getObject("id", UUID.class),
			rs.getObject("location_id", UUID.class), rs.getObject("customer_id", UUID.class),
			rs.getObject("created_by", UUID.class), OrderStatus.valueOf(rs.getString("status")),
			rs.getObject("estimate_id", UUID.class), rs.getString("supply"), rs.getString("place_of_supply"),
			rs.getString("currency"), rs.getObject("business_date", LocalDate.class), rs.getBigDecimal("subtotal"),
			rs.getBigDecimal("discount_value"), rs.getBoolean("discount_is_percentage"),
			rs.getBigDecimal("sale_discount"), rs.getBigDecimal("discount_total"), rs.getBigDecimal("taxable"),
			rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"), rs.getBigDecimal("cess"),
			rs.getBigDecimal("tax_total"), rs.getBigDecimal("total"), rs.getString("notes"), rs.getTimestamp("created_at").toInstant(),
			instant(rs, "confirmed_at"), instant(rs, "fulfilled_at"), instant(rs, "cancelled_at"),
			rs.getString("cancel_reason"), rs.getObject("sale_id", UUID.class), rs.getString("sale_number"), List.of());

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		var value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}
}

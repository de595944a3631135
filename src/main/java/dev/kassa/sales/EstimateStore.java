package dev.kassa.sales;

import java.sql.ResultSet;
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

/**
 * The estimates and estimate_lines tables. A PENDING estimate past its valid_until in its location's time
 * zone reads as EXPIRED (the {@code EFFECTIVE} expression), whether or not the sweep has recorded it yet.
 */
@Repository
class EstimateStore {

	/** Whether a stored PENDING estimate is past its validity now, in its location's zone. */
	private static final String PAST = "valid_until < (now() AT TIME ZONE time_zone)::date";

	private static final String EFFECTIVE = "CASE WHEN status = 'PENDING' AND " + PAST + " THEN 'EXPIRED' ELSE status END";

	private static final String COLUMNS = "id, number, location_id, customer_id, created_by, " + EFFECTIVE + """
			 AS status, business_date, valid_until, supply, place_of_supply, currency, subtotal, discount_value,
			discount_is_percentage, sale_discount, discount_total, taxable, cgst, sgst, igst, cess, tax_total, total,
			notes, created_at, cancelled_at, expired_at, converted_at, order_id""";

	private final JdbcClient jdbc;

	private final LineStore lines;

	EstimateStore(JdbcClient jdbc, LineStore lines) {
		this.jdbc = jdbc;
		this.lines = lines;
	}

	void insert(Estimate e, String timeZone) {
		lines.insert(LineStore.Of.ESTIMATE, e.id(), e.lines());
		jdbc.sql("""
				INSERT INTO estimates (id, number, location_id, customer_id, created_by, status, business_date,
				    valid_until, time_zone, supply, place_of_supply, currency, subtotal, discount_value,
				    discount_is_percentage, sale_discount, discount_total, taxable, cgst, sgst, igst, cess, tax_total,
				    total, notes, created_at)
				VALUES (:id, :number, :locationId, :customerId, :createdBy, 'PENDING', :businessDate, :validUntil,
				    :timeZone, :supply, :placeOfSupply, :currency, :subtotal, :discountValue, :percentage,
				    :saleDiscount, :discountTotal, :taxable, :cgst, :sgst, :igst, :cess, :taxTotal, :total, :notes,
				    :createdAt)
				""")
			.param("id", e.id())
			.param("number", e.number())
			.param("locationId", e.locationId())
			.param("customerId", e.customerId())
			.param("createdBy", e.createdBy())
			.param("businessDate", e.businessDate())
			.param("validUntil", e.validUntil())
			.param("timeZone", timeZone)
			.param("supply", e.supply())
			.param("placeOfSupply", e.placeOfSupply())
			.param("currency", e.currency())
			.param("subtotal", e.subtotal())
			.param("discountValue", e.discountValue())
			.param("percentage", e.isPercentageDiscount())
			.param("saleDiscount", e.saleDiscount())
			.param("discountTotal", e.discountTotal())
			.param("taxable", e.taxable())
			.param("cgst", e.cgst())
			.param("sgst", e.sgst())
			.param("igst", e.igst())
			.param("cess", e.cess())
			.param("taxTotal", e.taxTotal())
			.param("total", e.total())
			.param("notes", e.notes())
			.param("createdAt", Timestamp.from(e.createdAt()))
			.update();
	}

	/**
	 * Marks a pending, still valid estimate converted to the order. False when it is not (any more): a
	 * concurrent conversion waits on the row and then finds it converted.
	 */
	boolean convert(UUID id, UUID orderId, Instant now) {
		return jdbc.sql("UPDATE estimates SET status = 'CONVERTED', order_id = :orderId, converted_at = :now "
				+ "WHERE id = :id AND status = 'PENDING' AND NOT (" + PAST + ")")
			.param("orderId", orderId)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/** Cancels a pending, still valid estimate; false when it is not (any more). */
	boolean cancel(UUID id, Instant now) {
		return jdbc.sql("UPDATE estimates SET status = 'CANCELLED', cancelled_at = :now "
				+ "WHERE id = :id AND status = 'PENDING' AND NOT (" + PAST + ")")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/** Records a pending estimate past its validity as expired; false when it is not (any more). */
	boolean expire(UUID id, Instant now) {
		return jdbc.sql("UPDATE estimates SET status = 'EXPIRED', expired_at = :now "
				+ "WHERE id = :id AND status = 'PENDING' AND " + PAST)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/** Pending estimates past their validity, not yet recorded as expired, oldest first. */
	List<UUID> dueForExpiry(int limit) {
		return jdbc.sql("SELECT id FROM estimates WHERE status = 'PENDING' AND " + PAST + " ORDER BY id LIMIT :limit")
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	Optional<Estimate> find(UUID id) {
		return complete(jdbc.sql("SELECT " + COLUMNS + " FROM estimates WHERE id = :id")
			.param("id", id)
			.query(ESTIMATE)
			.list()).stream().findFirst();
	}

	Optional<Estimate> findByNumber(String number) {
		return complete(jdbc.sql("SELECT " + COLUMNS + " FROM estimates WHERE number = :number")
			.param("number", number)
			.query(ESTIMATE)
			.list()).stream().findFirst();
	}

	/** Newest first, keyset on the id; the status filter is on the status as read (EXPIRED included). */
	List<Estimate> page(Estimates.Filter filter, @Nullable UUID before, int limit) {
		return complete(jdbc.sql("SELECT " + COLUMNS + " FROM estimates WHERE (:before::uuid IS NULL OR id < :before)"
				+ " AND (:status::text IS NULL OR " + EFFECTIVE + " = :status)" + """
				  AND (:only::uuid[] IS NULL OR location_id = ANY(:only::uuid[]))
				  AND (:locationId::uuid IS NULL OR location_id = :locationId)
				  AND (:from::date IS NULL OR business_date >= :from)
				  AND (:to::date IS NULL OR business_date <= :to)
				  AND (:customerId::uuid IS NULL OR customer_id = :customerId)
				ORDER BY id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("status", filter.status() == null ? null : filter.status().name())
			.param("only", filter.only() == null ? null
					: "{" + String.join(",", filter.only().stream().map(UUID::toString).toList()) + "}")
			.param("locationId", filter.locationId())
			.param("from", filter.from())
			.param("to", filter.to())
			.param("customerId", filter.customerId())
			.param("limit", limit)
			.query(ESTIMATE)
			.list());
	}

	private List<Estimate> complete(List<Estimate> headers) {
		if (headers.isEmpty()) {
			return headers;
		}
		var byEstimate = lines.of(LineStore.Of.ESTIMATE, headers.stream().map(Estimate::id).toArray(UUID[]::new));
		return headers.stream().map(h -> new Estimate(h.id(), h.number(), h.locationId(), h.customerId(),
				h.createdBy(), h.status(), h.businessDate(), h.validUntil(), h.supply(), h.placeOfSupply(),
				h.currency(), h.subtotal(), h.discountValue(), h.isPercentageDiscount(), h.saleDiscount(),
				h.discountTotal(), h.taxable(), h.cgst(), h.sgst(), h.igst(), h.cess(), h.taxTotal(), h.total(),
				h.notes(), h.createdAt(), h.cancelledAt(), h.expiredAt(), h.convertedAt(), h.orderId(),
				List.copyOf(byEstimate.getOrDefault(h.id(), List.of())))).toList();
	}

	private static final RowMapper<Estimate> ESTIMATE = (ResultSet rs, int n) -> new Estimate(
			rs.getObject("id", UUID.class), rs.getString("number"), rs.getObject("location_id", UUID.class),
			rs.getObject("customer_id", UUID.class), rs.getObject("created_by", UUID.class),
			EstimateStatus.valueOf(rs.getString("status")), rs.getObject("business_date", LocalDate.class),
			rs.getObject("valid_until", LocalDate.class), rs.getString("supply"), rs.getString("place_of_supply"),
			rs.getString("currency"), rs.getBigDecimal("subtotal"), rs.getBigDecimal("discount_value"),
			rs.getBoolean("discount_is_percentage"), rs.getBigDecimal("sale_discount"),
			rs.getBigDecimal("discount_total"), rs.getBigDecimal("taxable"), rs.getBigDecimal("cgst"),
			rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"), rs.getBigDecimal("cess"), rs.getBigDecimal("tax_total"),
			rs.getBigDecimal("total"), rs.getString("notes"), rs.getTimestamp("created_at").toInstant(),
			OrderStore.instant(rs, "cancelled_at"), OrderStore.instant(rs, "expired_at"),
			OrderStore.instant(rs, "converted_at"), rs.getObject("order_id", UUID.class), List.of());
}

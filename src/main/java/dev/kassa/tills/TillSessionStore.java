package dev.kassa.tills;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.platform.SqlPart;

/** The till_sessions, till_movements and till_session_sales tables. */
@Repository
class TillSessionStore {

	private static final String COLUMNS = """
			s.id, s.terminal_id, s.location_id, s.cashier_id, s.state, s.opening_float, s.opening_denominations::text,
			s.opened_at, s.counted_at, s.counted_by, s.counted::text, s.review_required, s.variance_total,
			s.variance_accepted_by, s.variance_note, s.closed_at, s.closed_by, s.reopened_count,
			(SELECT z.number FROM z_reports z WHERE z.session_id = s.id) AS z_number""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TillSessionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** False when the terminal has a session that is not closed (the unique index decides, also under races). */
	boolean insert(TillSession session) {
		return jdbc.sql("""
				INSERT INTO till_sessions (id, terminal_id, location_id, cashier_id, state, opening_float,
				    opening_denominations, opened_at)
				VALUES (:id, :terminal, :location, :cashier, 'OPEN', :float, :denominations::jsonb, :at)
				ON CONFLICT (terminal_id) WHERE state <> 'CLOSED' DO NOTHING
				""")
			.param("id", session.id())
			.param("terminal", session.terminalId())
			.param("location", session.locationId())
			.param("cashier", session.cashierId())
			.param("float", session.openingFloat())
			.param("denominations",
					session.openingDenominations() == null ? null : json.writeValueAsString(session.openingDenominations()))
			.param("at", Timestamp.from(session.openedAt()))
			.update() == 1;
	}

	Optional<TillSession> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM till_sessions s WHERE s.id = :id").param("id", id).query(mapper()).optional();
	}

	/** The session, its row locked until the transaction ends: a sale that claims it waits, and then sees its state. */
	Optional<TillSession> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM till_sessions s WHERE s.id = :id FOR UPDATE OF s")
			.param("id", id)
			.query(mapper())
			.optional();
	}

	/** The terminal's session that is not closed, if any. */
	Optional<TillSession> current(UUID terminalId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM till_sessions s WHERE s.terminal_id = :id AND s.state <> 'CLOSED'")
			.param("id", terminalId)
			.query(mapper())
			.optional();
	}

	List<TillSession> openOfCashier(UUID cashierId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM till_sessions s WHERE s.cashier_id = :id AND s.state <> 'CLOSED'")
			.param("id", cashierId)
			.query(mapper())
			.list();
	}

	/** Serializes the opens of one cashier until the transaction ends. */
	void lockCashier(UUID cashierId) {
		jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('till-cashier:' || :id, 0))")
			.param("id", cashierId.toString())
			.query((rs, n) -> 1)
			.list();
	}

	void insertMovement(UUID id, UUID sessionId, String kind, BigDecimal amount, @Nullable String reason, UUID userId,
			Instant now) {
		jdbc.sql("""
				INSERT INTO till_movements (id, session_id, kind, amount, reason, user_id, created_at)
				VALUES (:id, :session, :kind, :amount, :reason, :user, :at)
				""")
			.param("id", id)
			.param("session", sessionId)
			.param("kind", kind)
			.param("amount", amount)
			.param("reason", reason)
			.param("user", userId)
			.param("at", Timestamp.from(now))
			.update();
	}

	/** Moves an OPEN session to CLOSING with what was counted; false when it is not OPEN. */
	boolean counted(UUID id, String counted, BigDecimal varianceTotal, boolean review, UUID by, Instant now) {
		return jdbc.sql("""
				UPDATE till_sessions SET state = 'CLOSING', counted = :counted::jsonb, variance_total = :variance,
				       review_required = :review, counted_by = :by, counted_at = :now
				 WHERE id = :id AND state = 'OPEN'
				""")
			.param("counted", counted)
			.param("variance", varianceTotal)
			.param("review", review)
			.param("by", by)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	boolean reopen(UUID id) {
		return jdbc.sql("""
				UPDATE till_sessions SET state = 'OPEN', counted = NULL, variance_total = NULL, review_required = false,
				       counted_by = NULL, counted_at = NULL, reopened_count = reopened_count + 1
				 WHERE id = :id AND state = 'CLOSING'
				""")
			.param("id", id)
			.update() == 1;
	}

	boolean close(UUID id, UUID by, @Nullable UUID acceptedBy, @Nullable String note, Instant now) {
		return jdbc.sql("""
				UPDATE till_sessions SET state = 'CLOSED', closed_by = :by, closed_at = :now,
				       variance_accepted_by = :accepted, variance_note = :note
				 WHERE id = :id AND state = 'CLOSING'
				""")
			.param("by", by)
			.param("now", Timestamp.from(now))
			.param("accepted", acceptedBy)
			.param("note", note)
			.param("id", id)
			.update() == 1;
	}

	/** Newest first, keyset on the id. */
	List<TillSession> page(TillSessions.Filter f, @Nullable UUID before, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM till_sessions s
				WHERE (:before::uuid IS NULL OR s.id < :before)
				  AND (:only::uuid[] IS NULL OR s.location_id = ANY(:only::uuid[]))
				  AND (:terminal::uuid IS NULL OR s.terminal_id = :terminal)
				  AND (:location::uuid IS NULL OR s.location_id = :location)
				  AND (:cashier::uuid IS NULL OR s.cashier_id = :cashier)
				  AND (:state::text IS NULL OR s.state = :state)
				  AND (:from::timestamptz IS NULL OR s.opened_at >= :from)
				  AND (:to::timestamptz IS NULL OR s.opened_at < :to)
				ORDER BY s.id DESC
				LIMIT :limit
				""")
			.param("before", before)
			.param("only", array(f.only()))
			.param("terminal", f.terminalId())
			.param("location", f.locationId())
			.param("cashier", f.cashierId())
			.param("state", f.state() == null ? null : f.state().name())
			.param("from", f.from() == null ? null : Timestamp.from(f.from()))
			.param("to", f.to() == null ? null : Timestamp.from(f.to()))
			.param("limit", limit)
			.query(mapper())
			.list();
	}

	static @Nullable String array(@Nullable Set<UUID> ids) {
		return ids == null ? null : "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
	}

	// What a session's reports add up

	/** Counts and sums of one kind of document or movement. */
	record Sum(long count, BigDecimal total) {
	}

	/** Per kind (SALE, VOID, RETURN): count, total, discounts, price overrides and the amounts per method. */
	record DocumentSums(long count, BigDecimal total, BigDecimal discounts, long priceOverrides, BigDecimal cash,
			BigDecimal card, BigDecimal upi, BigDecimal other) {
	}

	java.util.Map<String, DocumentSums> documentSums(UUID sessionId) {
		var sums = new HashMap<String, DocumentSums>();
		jdbc.sql("""
				SELECT kind, count(*) AS n, coalesce(sum(total), 0) AS total, coalesce(sum(discount_total), 0) AS discounts,
				       coalesce(sum(price_overrides), 0) AS overrides, coalesce(sum(cash), 0) AS cash,
				       coalesce(sum(card), 0) AS card, coalesce(sum(upi), 0) AS upi, coalesce(sum(other), 0) AS other
				  FROM till_session_sales WHERE session_id = :id GROUP BY kind
				""")
			.param("id", sessionId)
			.query((rs, n) -> sums.put(rs.getString("kind"), new DocumentSums(rs.getLong("n"), rs.getBigDecimal("total"),
					rs.getBigDecimal("discounts"), rs.getLong("overrides"), rs.getBigDecimal("cash"),
					rs.getBigDecimal("card"), rs.getBigDecimal("upi"), rs.getBigDecimal("other"))))
			.list();
		return sums;
	}

	java.util.Map<String, Sum> movementSums(UUID sessionId) {
		var sums = new HashMap<String, Sum>();
		jdbc.sql("""
				SELECT kind, count(*) AS n, coalesce(sum(amount), 0) AS total FROM till_movements
				 WHERE session_id = :id GROUP BY kind
				""")
			.param("id", sessionId)
			.query((rs, n) -> sums.put(rs.getString("kind"), new Sum(rs.getLong("n"), rs.getBigDecimal("total"))))
			.list();
		return sums;
	}

	List<TillReport.TaxRate> taxes(UUID sessionId) {
		return taxes(sessionId, false);
	}

	/**
	 * The taxes per rate of the session's sales, or ({@code late}) of those that arrived after it was closed: one
	 * statement for both, so that the Z report's two tables are summed alike.
	 */
	private List<TillReport.TaxRate> taxes(UUID sessionId, boolean late) {
		return jdbc.sql("""
				SELECT (t->>'rate')::numeric AS rate, sum((t->>'taxable')::numeric) AS taxable,
				       sum((t->>'cgst')::numeric) AS cgst, sum((t->>'sgst')::numeric) AS sgst,
				       sum((t->>'igst')::numeric) AS igst, sum((t->>'cess')::numeric) AS cess
				  FROM (SELECT session_id, taxes FROM till_session_sales WHERE NOT :late
				        UNION ALL
				        SELECT session_id, taxes FROM till_late_arrivals WHERE :late) s,
				       jsonb_array_elements(s.taxes) t
				 WHERE s.session_id = :id
				 GROUP BY 1 ORDER BY 1
				""")
			.param("id", sessionId)
			.param("late", late)
			.query((rs, n) -> new TillReport.TaxRate(rs.getBigDecimal("rate").stripTrailingZeros(),
					rs.getBigDecimal("taxable"), rs.getBigDecimal("cgst"), rs.getBigDecimal("sgst"), rs.getBigDecimal("igst"),
					rs.getBigDecimal("cess")))
			.list();
	}

	/** The first and last sale number of the session, in the order they were made. */
	List<String> firstAndLast(UUID sessionId) {
		return jdbc.sql("""
				(SELECT number FROM till_session_sales WHERE session_id = :id AND kind = 'SALE' ORDER BY id LIMIT 1)
				UNION ALL
				(SELECT number FROM till_session_sales WHERE session_id = :id AND kind = 'SALE' ORDER BY id DESC LIMIT 1)
				""")
			.param("id", sessionId)
			.query(String.class)
			.list();
	}

	// A sale's claim of its session, in the sale's own statement

	/**
	 * The part before the sale: {@code till_open}, the session's row shared-locked if it is still OPEN, so
	 * that a close waits for this sale's commit, and a sale that waited for a close finds it not OPEN.
	 */
	SqlPart open(UUID sessionId) {
		return new SqlPart("till_open AS (SELECT id FROM till_sessions WHERE id = :tl_session AND state = 'OPEN' FOR SHARE)",
				java.util.Map.of("tl_session", sessionId));
	}

	/** The part after the sale ({@code sale(number)}): the sale's row of the session. */
	SqlPart claimed(UUID terminalId, TillSale sale, Instant now) {
		var params = params(terminalId, sale, now);
		return new SqlPart("""
				till_claimed AS (
				    INSERT INTO till_session_sales (id, session_id, terminal_id, document_id, kind, number, total,
				        discount_total, price_overrides, cash, card, upi, other, taxes, created_at)
				    SELECT :tl_id::uuid, till_open.id, :tl_terminal::uuid, :tl_document::uuid, :tl_kind::text, sale.number,
				        :tl_total::numeric, :tl_discounts::numeric, :tl_overrides::int, :tl_cash::numeric, :tl_card::numeric,
				        :tl_upi::numeric, :tl_other::numeric, :tl_taxes::jsonb, :tl_at::timestamptz
				      FROM till_open, sale
				    RETURNING id)""", params);
	}

	/**
	 * A void or refund in an OPEN session, inside the caller's transaction (which appends its event).
	 *
	 * @param saleSessionId the session the sale taken back was made in, when known
	 */
	void insertDocument(Open session, TillSale sale, String number, @Nullable UUID saleSessionId, Instant now) {
		var params = params(session.terminalId(), sale, now);
		params.put("tl_session", session.id());
		params.put("tl_number", number);
		params.put("tl_sale_session", saleSessionId);
		jdbc.sql("""
				INSERT INTO till_session_sales (id, session_id, terminal_id, document_id, kind, number, total,
				    discount_total, price_overrides, cash, card, upi, other, taxes, created_at, sale_session_id)
				VALUES (:tl_id, :tl_session, :tl_terminal, :tl_document, :tl_kind, :tl_number, :tl_total, :tl_discounts,
				    :tl_overrides, :tl_cash, :tl_card, :tl_upi, :tl_other, :tl_taxes::jsonb, :tl_at, :tl_sale_session)
				""")
			.params(params)
			.update();
	}

	/** The terminal's session opened last at or before {@code at}: the one a sale made then belongs to. */
	Optional<TillSession> openedBefore(UUID terminalId, Instant at) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM till_sessions s WHERE s.terminal_id = :id AND s.opened_at <= :at ORDER BY s.opened_at DESC, s.id DESC LIMIT 1
				""")
			.param("id", terminalId)
			.param("at", Timestamp.from(at))
			.query(mapper())
			.optional();
	}

	/**
	 * The part after the sale ({@code sale(number)}) of a sale made offline whose session was closed before
	 * it arrived: its row of till_late_arrivals, with the figures of its session's supplementary report.
	 */
	SqlPart late(UUID sessionId, UUID terminalId, TillSale sale, Instant madeAt, boolean numberWasCancelled,
			Instant now) {
		var params = new HashMap<String, Object>();
		for (var entry : params(terminalId, sale, now).entrySet()) {
			params.put("tla" + entry.getKey().substring(2), entry.getValue());
		}
		params.put("tla_session", sessionId);
		params.put("tla_made_at", Timestamp.from(madeAt));
		params.put("tla_cancelled", numberWasCancelled);
		return new SqlPart("""
				till_late AS (
				    INSERT INTO till_late_arrivals (id, session_id, terminal_id, document_id, number, total, discount_total,
				        price_overrides, cash, card, upi, other, taxes, made_at, arrived_at, number_was_cancelled)
				    SELECT :tla_id::uuid, :tla_session::uuid, :tla_terminal::uuid, :tla_document::uuid, sale.number,
				        :tla_total::numeric, :tla_discounts::numeric, :tla_overrides::int, :tla_cash::numeric,
				        :tla_card::numeric, :tla_upi::numeric, :tla_other::numeric, :tla_taxes::jsonb,
				        :tla_made_at::timestamptz, :tla_at::timestamptz, :tla_cancelled::boolean
				      FROM sale
				    RETURNING id)""", params);
	}

	/** The sales that arrived after the session was closed, in the order they arrived. */
	List<LateArrivals.Arrival> lateArrivals(UUID sessionId) {
		return jdbc.sql("""
				SELECT document_id, number, total, cash, card, upi, other, made_at, arrived_at, number_was_cancelled
				  FROM till_late_arrivals WHERE session_id = :id ORDER BY arrived_at, id
				""")
			.param("id", sessionId)
			.query((rs, n) -> new LateArrivals.Arrival(rs.getObject("document_id", UUID.class), rs.getString("number"),
					rs.getBigDecimal("total"), java.util.Map.of("CASH", rs.getBigDecimal("cash"), "CARD",
							rs.getBigDecimal("card"), "UPI", rs.getBigDecimal("upi"), "OTHER", rs.getBigDecimal("other")),
					rs.getTimestamp("made_at").toInstant(), rs.getTimestamp("arrived_at").toInstant(),
					rs.getBoolean("number_was_cancelled")))
			.list();
	}

	/** The taxes per rate of the sales that arrived after the session was closed. */
	List<TillReport.TaxRate> lateTaxes(UUID sessionId) {
		return taxes(sessionId, true);
	}

	/** An OPEN session: which, on which terminal, whose. */
	record Open(UUID id, UUID terminalId, UUID cashierId) {
	}

	private static final RowMapper<Open> OPEN = (rs, n) -> new Open(rs.getObject(1, UUID.class),
			rs.getObject(2, UUID.class), rs.getObject(3, UUID.class));

	/** The OPEN session of the terminal, share-locked so that a close waits for the caller's commit. */
	Optional<Open> shareOpen(UUID terminalId) {
		return jdbc.sql("""
				SELECT id, terminal_id, cashier_id FROM till_sessions WHERE terminal_id = :id AND state = 'OPEN' FOR SHARE
				""")
			.param("id", terminalId)
			.query(OPEN)
			.optional();
	}

	/** The user's OPEN sessions at the location, share-locked like {@link #shareOpen}, in terminal order. */
	List<Open> shareOpenOf(UUID cashierId, UUID locationId) {
		return jdbc.sql("""
				SELECT id, terminal_id, cashier_id FROM till_sessions
				 WHERE cashier_id = :cashier AND location_id = :location AND state = 'OPEN'
				 ORDER BY terminal_id FOR SHARE
				""")
			.param("cashier", cashierId)
			.param("location", locationId)
			.query(OPEN)
			.list();
	}

	/** Voids in the session of sales made in an earlier session: the number, the sale's session, the amount. */
	List<TillReport.LateVoid> lateVoids(UUID sessionId) {
		return jdbc.sql("""
				SELECT document_id, number, sale_session_id, total, created_at FROM till_session_sales
				 WHERE session_id = :id AND kind = 'VOID' AND sale_session_id IS NOT NULL AND sale_session_id <> session_id
				 ORDER BY id
				""")
			.param("id", sessionId)
			.query((rs, n) -> new TillReport.LateVoid(rs.getObject(1, UUID.class), rs.getString(2),
					rs.getObject(3, UUID.class), rs.getBigDecimal(4), rs.getTimestamp(5).toInstant()))
			.list();
	}

	/** The session a document (a sale) was claimed by. */
	Optional<UUID> sessionOf(UUID documentId) {
		return jdbc.sql("SELECT session_id FROM till_session_sales WHERE document_id = :id AND kind = 'SALE'")
			.param("id", documentId)
			.query(UUID.class)
			.optional();
	}

	private HashMap<String, Object> params(UUID terminalId, TillSale sale, Instant now) {
		var params = new HashMap<String, Object>();
		params.put("tl_id", dev.kassa.platform.Ids.next());
		params.put("tl_terminal", terminalId);
		params.put("tl_document", sale.documentId());
		params.put("tl_kind", sale.kind().name());
		params.put("tl_total", sale.total());
		params.put("tl_discounts", sale.discountTotal());
		params.put("tl_overrides", sale.priceOverrides());
		params.put("tl_cash", sale.byMethod().getOrDefault("CASH", BigDecimal.ZERO));
		params.put("tl_card", sale.byMethod().getOrDefault("CARD", BigDecimal.ZERO));
		params.put("tl_upi", sale.byMethod().getOrDefault("UPI", BigDecimal.ZERO));
		params.put("tl_other", sale.byMethod().getOrDefault("OTHER", BigDecimal.ZERO));
		params.put("tl_taxes", json.writeValueAsString(sale.taxes()));
		params.put("tl_at", Timestamp.from(now));
		return params;
	}

	// Reports over sessions

	/** Per session closed in the range: its terminal, cashier, variance and whether a manager accepted it. */
	List<java.util.Map<String, Object>> variances(@Nullable Set<UUID> only, @Nullable UUID locationId, Instant from,
			Instant to) {
		return jdbc.sql("""
				SELECT s.id, s.terminal_id, t.code AS terminal_code, s.location_id, s.cashier_id, s.closed_at,
				       s.variance_total, s.variance_accepted_by, s.counted::text AS counted
				  FROM till_sessions s JOIN terminals t ON t.id = s.terminal_id
				 WHERE s.state = 'CLOSED' AND s.closed_at >= :from AND s.closed_at < :to
				   AND (:only::uuid[] IS NULL OR s.location_id = ANY(:only::uuid[]))
				   AND (:location::uuid IS NULL OR s.location_id = :location)
				 ORDER BY s.closed_at, s.id
				""")
			.param("only", array(only))
			.param("location", locationId)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, n) -> {
				var row = new java.util.LinkedHashMap<String, Object>();
				row.put("session_id", rs.getObject("id", UUID.class));
				row.put("terminal_id", rs.getObject("terminal_id", UUID.class));
				row.put("terminal_code", rs.getString("terminal_code"));
				row.put("location_id", rs.getObject("location_id", UUID.class));
				row.put("cashier_id", rs.getObject("cashier_id", UUID.class));
				row.put("closed_at", rs.getTimestamp("closed_at").toInstant());
				row.put("variance_total", rs.getBigDecimal("variance_total"));
				row.put("variance_accepted_by", rs.getObject("variance_accepted_by", UUID.class));
				return (java.util.Map<String, Object>) row;
			})
			.list();
	}

	/** Sales per terminal and session made in the range (by the time they were claimed). */
	List<java.util.Map<String, Object>> salesBySession(@Nullable Set<UUID> only, @Nullable UUID locationId,
			@Nullable UUID terminalId, Instant from, Instant to) {
		return jdbc.sql("""
				SELECT d.terminal_id, t.code AS terminal_code, d.session_id, s.cashier_id,
				       count(*) FILTER (WHERE d.kind = 'SALE') AS sales, coalesce(sum(d.total) FILTER (WHERE d.kind = 'SALE'), 0) AS sold,
				       count(*) FILTER (WHERE d.kind = 'VOID') AS voids, coalesce(sum(d.total) FILTER (WHERE d.kind = 'VOID'), 0) AS voided,
				       count(*) FILTER (WHERE d.kind = 'RETURN') AS returns, coalesce(sum(d.total) FILTER (WHERE d.kind = 'RETURN'), 0) AS returned,
				       coalesce(sum(d.total), 0) AS net
				  FROM till_session_sales d JOIN till_sessions s ON s.id = d.session_id JOIN terminals t ON t.id = d.terminal_id
				 WHERE d.created_at >= :from AND d.created_at < :to
				   AND (:only::uuid[] IS NULL OR s.location_id = ANY(:only::uuid[]))
				   AND (:location::uuid IS NULL OR s.location_id = :location)
				   AND (:terminal::uuid IS NULL OR d.terminal_id = :terminal)
				 GROUP BY d.terminal_id, t.code, d.session_id, s.cashier_id
				 ORDER BY t.code, d.session_id
				""")
			.param("only", array(only))
			.param("location", locationId)
			.param("terminal", terminalId)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, n) -> {
				var row = new java.util.LinkedHashMap<String, Object>();
				row.put("terminal_id", rs.getObject("terminal_id", UUID.class));
				row.put("terminal_code", rs.getString("terminal_code"));
				row.put("session_id", rs.getObject("session_id", UUID.class));
				row.put("cashier_id", rs.getObject("cashier_id", UUID.class));
				row.put("sales", rs.getLong("sales"));
				row.put("sold", rs.getBigDecimal("sold"));
				row.put("voids", rs.getLong("voids"));
				row.put("voided", rs.getBigDecimal("voided"));
				row.put("returns", rs.getLong("returns"));
				row.put("returned", rs.getBigDecimal("returned"));
				row.put("net", rs.getBigDecimal("net"));
				return (java.util.Map<String, Object>) row;
			})
			.list();
	}

	private RowMapper<TillSession> mapper() {
		return (ResultSet rs, int n) -> new TillSession(rs.getObject("id", UUID.class),
				rs.getObject("terminal_id", UUID.class), rs.getObject("location_id", UUID.class),
				rs.getObject("cashier_id", UUID.class), TillState.valueOf(rs.getString("state")),
				rs.getBigDecimal("opening_float"), denominations(rs.getString("opening_denominations")),
				rs.getTimestamp("opened_at").toInstant(), instant(rs, "counted_at"), rs.getObject("counted_by", UUID.class),
				counts(rs.getString("counted")), rs.getBoolean("review_required"), rs.getBigDecimal("variance_total"),
				rs.getObject("variance_accepted_by", UUID.class), rs.getString("variance_note"), instant(rs, "closed_at"),
				rs.getObject("closed_by", UUID.class), rs.getInt("reopened_count"), (Long) rs.getObject("z_number"));
	}

	private @Nullable List<TillSession.Denomination> denominations(@Nullable String text) {
		return text == null ? null : json.readValue(text, new TypeReference<List<TillSession.Denomination>>() {
		});
	}

	private List<TillSession.Count> counts(@Nullable String text) {
		return text == null ? List.of() : json.readValue(text, new TypeReference<List<TillSession.Count>>() {
		});
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		var value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

}

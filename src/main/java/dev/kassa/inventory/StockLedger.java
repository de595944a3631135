package dev.kassa.inventory;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.SqlPart;

/** The stock_levels and stock_movements tables. Every level change here is one guarded statement. */
@Repository
class StockLedger {

	private static final String LEVEL_COLUMNS = "location_id, product_id, on_hand, reserved, low_stock_threshold, updated_at";

	private final JdbcClient jdbc;

	StockLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes {@code quantity} if that much is available (on hand less reserved); answers whether it did. */
	boolean takeIfAvailable(UUID location, UUID product, BigDecimal quantity, Instant now) {
		return jdbc.sql("""
				UPDATE stock_levels SET on_hand = on_hand - :q, updated_at = :now
				WHERE location_id = :location AND product_id = :product AND on_hand - reserved >= :q
				""")
			.param("q", quantity)
			.param("now", Timestamp.from(now))
			.param("location", location)
			.param("product", product)
			.update() == 1;
	}

	/**
	 * The parts of a statement that take the lines (one per product) out of stock and record their
	 * movements: {@code stock_wanted}, {@code stock_taken} (one row per product taken) and
	 * {@code stock_moved}. The levels are locked in product order, as everywhere else, and only after the
	 * row of {@code after} was produced (the document's number, whose lock comes first). A product that
	 * may go negative is always taken (its level created if missing); another only if that much is
	 * available (on hand less reserved). A product missing from {@code stock_taken} was short, and the
	 * statement must not commit.
	 */
	List<SqlPart> take(UUID location, List<StockLine> lines, String kind, String documentType, UUID documentId,
			Instant now, String after) {
		return take(location, lines, kind, documentType, documentId, now, after, false);
	}

	/**
	 * As {@link #take(UUID, List, String, String, UUID, Instant, String)}; when {@code forced} (a sale made
	 * offline, which happened already) every line is taken, and a fourth part {@code stock_short(product_id,
	 * quantity, available)} lists the products that forbid negative stock and had less available than taken
	 * ({@code available} is what was available before).
	 */
	List<SqlPart> take(UUID location, List<StockLine> lines, String kind, String documentType, UUID documentId,
			Instant now, String after, boolean forced) {
		var products = new UUID[lines.size()];
		var quantities = new String[lines.size()];
		var movements = new UUID[lines.size()];
		var negatives = new java.util.ArrayList<UUID>();
		var strict = new java.util.ArrayList<UUID>();
		for (int i = 0; i < lines.size(); i++) {
			var line = lines.get(i);
			products[i] = line.productId();
			quantities[i] = line.quantity().toPlainString();
			movements[i] = Ids.next();
			if (line.allowNegative() || forced) {
				negatives.add(line.productId());
			}
			if (forced && !line.allowNegative()) {
				strict.add(line.productId());
			}
		}
		var params = new java.util.HashMap<String, Object>();
		params.put("k_products", products);
		params.put("k_quantities", quantities);
		params.put("k_movements", movements);
		params.put("k_negatives", negatives.toArray(UUID[]::new));
		params.put("k_location", location);
		params.put("k_now", Timestamp.from(now));
		params.put("k_kind", kind);
		params.put("k_document_type", documentType);
		params.put("k_document_id", documentId);
		params.put("k_actor", CurrentUser.currentId());
		params.put("k_strict", strict.toArray(UUID[]::new));
		var parts = new java.util.ArrayList<SqlPart>(List.of(new SqlPart("""
				stock_wanted AS (
				    SELECT w.product_id, w.quantity, w.movement_id
				    FROM unnest(CAST(:k_products AS uuid[]), CAST(:k_quantities AS numeric[]), CAST(:k_movements AS uuid[]))
				        AS w (product_id, quantity, movement_id)
				    WHERE EXISTS (SELECT FROM\s""" + after + "))", params), new SqlPart("""
				stock_taken AS (
				    INSERT INTO stock_levels AS s (location_id, product_id, on_hand, updated_at)
				    SELECT :k_location::uuid, w.product_id, -w.quantity, :k_now::timestamptz FROM stock_wanted w
				    WHERE w.product_id = ANY(CAST(:k_negatives AS uuid[]))
				       OR EXISTS (SELECT 1 FROM stock_levels e WHERE e.location_id = :k_location::uuid AND e.product_id = w.product_id)
				    ORDER BY w.product_id
				    ON CONFLICT (location_id, product_id) DO UPDATE
				        SET on_hand = s.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at
				        WHERE s.on_hand - s.reserved >= -EXCLUDED.on_hand OR s.product_id = ANY(CAST(:k_negatives AS uuid[]))
				    RETURNING s.product_id, s.on_hand - s.reserved AS available_after)""", Map.of()), new SqlPart("""
				stock_moved AS (
				    INSERT INTO stock_movements (id, location_id, product_id, quantity, kind, reason, document_type,
				                                 document_id, actor_id, created_at)
				    SELECT w.movement_id, :k_location::uuid, w.product_id, -w.quantity, :k_kind::text, NULL,
				           :k_document_type::text, :k_document_id::uuid, :k_actor::uuid, :k_now::timestamptz
				    FROM stock_taken t JOIN stock_wanted w ON w.product_id = t.product_id)""", Map.of())));
		if (forced) {
			parts.add(new SqlPart("""
					stock_short AS (
					    SELECT t.product_id, w.quantity, t.available_after + w.quantity AS available
					    FROM stock_taken t JOIN stock_wanted w ON w.product_id = t.product_id
					    WHERE t.product_id = ANY(CAST(:k_strict AS uuid[])) AND t.available_after < 0)""", Map.of()));
		}
		return parts;
	}

	/** {@link #take(UUID, List, String, String, UUID, Instant, String)} as a statement of its own: the products taken. */
	java.util.Set<UUID> takeAlone(UUID location, List<StockLine> lines, String kind, String documentType,
			UUID documentId, Instant now) {
		var parts = new java.util.ArrayList<SqlPart>();
		parts.add(new SqlPart("go AS (SELECT)", Map.of()));
		parts.addAll(take(location, lines, kind, documentType, documentId, now, "go"));
		return new java.util.HashSet<>(SqlPart.statement(jdbc, parts, "SELECT product_id FROM stock_taken")
			.query(UUID.class)
			.list());
	}

	/** Adds {@code delta} (may be negative) to on hand, creating the level if needed. */
	void add(UUID location, UUID product, BigDecimal delta, Instant now) {
		jdbc.sql("""
				INSERT INTO stock_levels AS s (location_id, product_id, on_hand, updated_at)
				VALUES (:location, :product, :delta, :now)
				ON CONFLICT (location_id, product_id) DO UPDATE SET on_hand = s.on_hand + :delta, updated_at = :now
				""")
			.param("location", location)
			.param("product", product)
			.param("delta", delta)
			.param("now", Timestamp.from(now))
			.update();
	}

	boolean reserveIfAvailable(UUID location, UUID product, BigDecimal quantity, boolean allowNegative, Instant now) {
		if (allowNegative) {
			jdbc.sql("""
					INSERT INTO stock_levels AS s (location_id, product_id, reserved, updated_at)
					VALUES (:location, :product, :q, :now)
					ON CONFLICT (location_id, product_id) DO UPDATE SET reserved = s.reserved + :q, updated_at = :now
					""")
				.param("location", location)
				.param("product", product)
				.param("q", quantity)
				.param("now", Timestamp.from(now))
				.update();
			return true;
		}
		return jdbc.sql("""
				UPDATE stock_levels SET reserved = reserved + :q, updated_at = :now
				WHERE location_id = :location AND product_id = :product AND on_hand - reserved >= :q
				""")
			.param("q", quantity)
			.param("now", Timestamp.from(now))
			.param("location", location)
			.param("product", product)
			.update() == 1;
	}

	/** Lowers the reservation, and with {@code consume} also on hand (the order was fulfilled). */
	void unreserve(UUID location, UUID product, BigDecimal quantity, boolean consume, Instant now) {
		int updated = jdbc.sql("""
				UPDATE stock_levels SET reserved = reserved - :q,
				       on_hand = on_hand - CASE WHEN :consume THEN CAST(:q AS numeric) ELSE 0 END,
				       updated_at = :now
				WHERE location_id = :location AND product_id = :product AND reserved >= :q
				""")
			.param("q", quantity)
			.param("consume", consume)
			.param("now", Timestamp.from(now))
			.param("location", location)
			.param("product", product)
			.update();
		if (updated != 1) {
			throw new IllegalStateException("no reservation of " + quantity + " for " + product + " at " + location);
		}
	}

	BigDecimal available(UUID location, UUID product) {
		return jdbc.sql("SELECT on_hand - reserved FROM stock_levels WHERE location_id = :location AND product_id = :product")
			.param("location", location)
			.param("product", product)
			.query(BigDecimal.class)
			.optional()
			.orElse(BigDecimal.ZERO);
	}

	BigDecimal onHand(UUID location, UUID product) {
		return jdbc.sql("SELECT on_hand FROM stock_levels WHERE location_id = :location AND product_id = :product")
			.param("location", location)
			.param("product", product)
			.query(BigDecimal.class)
			.optional()
			.orElse(BigDecimal.ZERO);
	}

	void record(List<StockMovement> movements) {
		if (movements.isEmpty()) {
			return;
		}
		var sql = new StringBuilder("""
				INSERT INTO stock_movements (id, location_id, product_id, quantity, kind, reason, document_type,
				                             document_id, actor_id, created_at) VALUES\s""");
		var params = new java.util.HashMap<String, Object>();
		for (int i = 0; i < movements.size(); i++) {
			var m = movements.get(i);
			sql.append(i == 0 ? "" : ", ")
				.append("(:id").append(i).append(", :location").append(i).append(", :product").append(i)
				.append(", :quantity").append(i).append(", :kind").append(i).append(", :reason").append(i)
				.append(", :documentType").append(i).append(", :documentId").append(i).append(", :actor").append(i)
				.append(", :createdAt").append(i).append(')');
			params.put("id" + i, m.id());
			params.put("location" + i, m.locationId());
			params.put("product" + i, m.productId());
			params.put("quantity" + i, m.quantity());
			params.put("kind" + i, m.kind());
			params.put("reason" + i, m.reason());
			params.put("documentType" + i, m.documentType());
			params.put("documentId" + i, m.documentId());
			params.put("actor" + i, m.actorId());
			params.put("createdAt" + i, Timestamp.from(m.createdAt()));
		}
		var statement = jdbc.sql(sql.toString());
		for (var entry : params.entrySet()) {
			statement = statement.param(entry.getKey(), entry.getValue());
		}
		statement.update();
	}

	static StockMovement movement(UUID location, UUID product, BigDecimal quantity, String kind, @Nullable String reason,
			@Nullable String documentType, @Nullable UUID documentId, Instant now) {
		return new StockMovement(Ids.next(), location, product, quantity, kind, reason, documentType, documentId,
				CurrentUser.currentId(), now);
	}

	void setThreshold(UUID location, UUID product, @Nullable BigDecimal threshold, Instant now) {
		jdbc.sql("""
				INSERT INTO stock_levels AS s (location_id, product_id, low_stock_threshold, updated_at)
				VALUES (:location, :product, :threshold, :now)
				ON CONFLICT (location_id, product_id) DO UPDATE SET low_stock_threshold = :threshold, updated_at = :now
				""")
			.param("location", location)
			.param("product", product)
			.param("threshold", threshold)
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<StockLevel> level(UUID location, UUID product) {
		return jdbc.sql("SELECT " + LEVEL_COLUMNS + " FROM stock_levels WHERE location_id = :location AND product_id = :product")
			.param("location", location)
			.param("product", product)
			.query(StockLedger::level)
			.optional();
	}

	/** Levels in (location, product) order after the given key, optionally only low ones. */
	List<StockLevel> levels(@Nullable UUID location, @Nullable UUID product, @Nullable List<UUID> onlyLocations,
			boolean lowOnly, @Nullable UUID afterLocation, @Nullable UUID afterProduct, int limit) {
		return jdbc.sql("""
				SELECT location_id, product_id, on_hand, reserved, low_stock_threshold, updated_at FROM stock_levels
				WHERE (CAST(:location AS uuid) IS NULL OR location_id = :location)
				  AND (CAST(:product AS uuid) IS NULL OR product_id = :product)
				  AND (CAST(:only AS uuid[]) IS NULL OR location_id = ANY(CAST(:only AS uuid[])))
				  AND (NOT :lowOnly OR (low_stock_threshold IS NOT NULL AND on_hand - reserved <= low_stock_threshold))
				  AND (CAST(:afterLocation AS uuid) IS NULL OR (location_id, product_id) > (:afterLocation, :afterProduct))
				ORDER BY location_id, product_id
				LIMIT :limit
				""")
			.param("location", location)
			.param("product", product)
			.param("only", onlyLocations == null ? null : onlyLocations.toArray(UUID[]::new))
			.param("lowOnly", lowOnly)
			.param("afterLocation", afterLocation)
			.param("afterProduct", afterProduct)
			.param("limit", limit)
			.query(StockLedger::level)
			.list();
	}

	List<StockMovement> movements(UUID location, UUID product, @Nullable UUID before, int limit) {
		return jdbc.sql("""
				SELECT id, location_id, product_id, quantity, kind, reason, document_type, document_id, actor_id, created_at
				FROM stock_movements
				WHERE location_id = :location AND product_id = :product AND (CAST(:before AS uuid) IS NULL OR id < :before)
				ORDER BY id DESC
				LIMIT :limit
				""")
			.param("location", location)
			.param("product", product)
			.param("before", before)
			.param("limit", limit)
			.query((rs, n) -> new StockMovement(rs.getObject("id", UUID.class), rs.getObject("location_id", UUID.class),
					rs.getObject("product_id", UUID.class), rs.getBigDecimal("quantity"), rs.getString("kind"),
					rs.getString("reason"), rs.getString("document_type"), rs.getObject("document_id", UUID.class),
					rs.getObject("actor_id", UUID.class), rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	/** Levels whose on hand differs from the sum of their movements: must always be empty. */
	List<UUID[]> mismatches() {
		return jdbc.sql("""
				SELECT l.location_id, l.product_id FROM stock_levels l
				LEFT JOIN (SELECT location_id, product_id, sum(quantity) AS total FROM stock_movements
				           GROUP BY location_id, product_id) m USING (location_id, product_id)
				WHERE l.on_hand <> coalesce(m.total, 0)
				""")
			.query((rs, n) -> new UUID[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class) })
			.list();
	}

	private static StockLevel level(ResultSet rs, int n) throws SQLException {
		var onHand = rs.getBigDecimal("on_hand");
		var reserved = rs.getBigDecimal("reserved");
		var available = onHand.subtract(reserved);
		var threshold = rs.getBigDecimal("low_stock_threshold");
		return new StockLevel(rs.getObject("location_id", UUID.class), rs.getObject("product_id", UUID.class), onHand,
				reserved, available, threshold, threshold != null && available.compareTo(threshold) <= 0,
				rs.getTimestamp("updated_at").toInstant());
	}
}

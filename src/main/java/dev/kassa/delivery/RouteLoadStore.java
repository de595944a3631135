package dev.kassa.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The route_loads and route_load_lines tables: what a route's vehicle carries. */
@Repository
class RouteLoadStore {

	private static final String LINE = """
			route_id, delivery_order_id, product_id, empty_product_id, loaded, delivered, empties_in, sale_deferred""";

	private final JdbcClient jdbc;

	RouteLoadStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record LoadRow(UUID routeId, UUID vehicleId, UUID locationId, Instant loadedAt, @Nullable Instant unloadedAt) {
	}

	/** False when the route was loaded already. */
	boolean insertLoad(UUID routeId, UUID vehicleId, UUID locationId, @Nullable UUID by, Instant now) {
		return jdbc.sql("""
				INSERT INTO route_loads (route_id, vehicle_id, location_id, loaded_at, loaded_by)
				VALUES (:route, :vehicle, :location, :now, :by)
				ON CONFLICT (route_id) DO NOTHING""")
			.param("route", routeId)
			.param("vehicle", vehicleId)
			.param("location", locationId)
			.param("now", java.sql.Timestamp.from(now))
			.param("by", by)
			.update() == 1;
	}

	void insertLine(VehicleStock.Line line) {
		jdbc.sql("INSERT INTO route_load_lines (" + LINE + ") VALUES (:route, :order, :product, :empty, :loaded, 0, 0, :deferred)")
			.param("route", line.routeId())
			.param("order", line.deliveryOrderId())
			.param("product", line.productId())
			.param("empty", line.emptyProductId())
			.param("loaded", line.loaded())
			.param("deferred", line.saleDeferred())
			.update();
	}

	Optional<LoadRow> load(UUID routeId) {
		return jdbc.sql("SELECT route_id, vehicle_id, location_id, loaded_at, unloaded_at FROM route_loads WHERE route_id = :r")
			.param("r", routeId)
			.query((rs, row) -> new LoadRow(rs.getObject("route_id", UUID.class), rs.getObject("vehicle_id", UUID.class),
					rs.getObject("location_id", UUID.class), rs.getTimestamp("loaded_at").toInstant(),
					rs.getTimestamp("unloaded_at") == null ? null : rs.getTimestamp("unloaded_at").toInstant()))
			.optional();
	}

	List<VehicleStock.Line> lines(UUID routeId) {
		return jdbc.sql("SELECT " + LINE + " FROM route_load_lines WHERE route_id = :r ORDER BY delivery_order_id, product_id")
			.param("r", routeId)
			.query(RouteLoadStore::map)
			.list();
	}

	/** Guarded: false when the line would deliver more than it loaded. */
	boolean recordDelivered(UUID routeId, UUID orderId, UUID productId, int delivered, int emptiesIn) {
		return jdbc.sql("""
				UPDATE route_load_lines SET delivered = delivered + :d, empties_in = empties_in + :e
				WHERE route_id = :r AND delivery_order_id = :o AND product_id = :p AND delivered + :d <= loaded""")
			.param("r", routeId)
			.param("o", orderId)
			.param("p", productId)
			.param("d", delivered)
			.param("e", emptiesIn)
			.update() == 1;
	}

	/** Guarded: false when the route was unloaded already. */
	boolean markUnloaded(UUID routeId, @Nullable UUID by, Instant now) {
		return jdbc.sql("""
				UPDATE route_loads SET unloaded_at = :now, unloaded_by = :by
				WHERE route_id = :r AND unloaded_at IS NULL""")
			.param("r", routeId)
			.param("now", java.sql.Timestamp.from(now))
			.param("by", by)
			.update() == 1;
	}

	/** Per refill product, what the order's sale had taken from the depot and loading put back (over all its routes). */
	Map<UUID, Integer> deferred(UUID orderId) {
		var deferred = new HashMap<UUID, Integer>();
		jdbc.sql("""
				SELECT product_id, sum(sale_deferred) AS n FROM route_load_lines
				WHERE delivery_order_id = :o GROUP BY product_id HAVING sum(sale_deferred) > 0""")
			.param("o", orderId)
			.query((rs, row) -> deferred.put(rs.getObject("product_id", UUID.class), rs.getInt("n")))
			.list();
		return deferred;
	}

	/**
	 * Whether the order's exchange is its stop's to record: it is on a vehicle loaded and not unloaded, or it was
	 * delivered from one.
	 */
	boolean recordedAtDelivery(UUID orderId) {
		return jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM route_load_lines l JOIN route_loads r ON r.route_id = l.route_id
				               WHERE l.delivery_order_id = :o AND (r.unloaded_at IS NULL OR l.delivered > 0))""")
			.param("o", orderId)
			.query(Boolean.class)
			.single();
	}

	private static VehicleStock.Line map(ResultSet rs, int row) throws SQLException {
		return new VehicleStock.Line(rs.getObject("route_id", UUID.class), rs.getObject("delivery_order_id", UUID.class),
				rs.getObject("product_id", UUID.class), rs.getObject("empty_product_id", UUID.class), rs.getInt("loaded"),
				rs.getInt("delivered"), rs.getInt("empties_in"), rs.getInt("sale_deferred"));
	}
}

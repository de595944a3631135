package dev.kassa.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The delivery_orders table. Status changes are guarded updates: they name the status they expect. */
@Repository
class DeliveryOrderStore {

	static final String COLUMNS = """
			o.id, o.location_id, o.customer_id, o.recipient_name, o.recipient_phone, o.address, o.latitude, o.longitude,
			o.items::text AS items, o.cylinders, o.empties_expected, o.delivery_date, o.window_from, o.window_to, o.notes,
			o.sale_id, o.order_id, o.status, o.route_id, o.received_by, o.cylinders_delivered, o.empties_collected,
			o.failure_reason, o.cancel_reason, o.created_by, o.created_at, o.updated_at""";

	private static final TypeReference<List<DeliveryOrder.Item>> ITEMS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DeliveryOrderStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** What a list asks for; null filters are not applied. */
	record Filter(@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable DeliveryStatus status,
			@Nullable LocalDate date, @Nullable UUID driverId) {
	}

	void insert(DeliveryOrder o) {
		var p = new LinkedHashMap<String, Object>();
		p.put("id", o.id());
		p.put("location", o.locationId());
		p.put("customer", o.customerId());
		p.put("name", o.recipientName());
		p.put("phone", o.recipientPhone());
		p.put("address", o.address());
		p.put("lat", o.latitude());
		p.put("lon", o.longitude());
		p.put("items", json.writeValueAsString(o.items()));
		p.put("cylinders", o.cylinders());
		p.put("empties", o.emptiesExpected());
		p.put("date", o.deliveryDate());
		p.put("from", o.windowFrom());
		p.put("to", o.windowTo());
		p.put("notes", o.notes());
		p.put("sale", o.saleId());
		p.put("order", o.orderId());
		p.put("status", o.status().name());
		p.put("createdBy", o.createdBy());
		p.put("now", Timestamp.from(o.createdAt()));
		jdbc.sql("""
				INSERT INTO delivery_orders (id, location_id, customer_id, recipient_name, recipient_phone, address, latitude,
				    longitude, items, cylinders, empties_expected, delivery_date, window_from, window_to, notes, sale_id,
				    order_id, status, created_by, created_at, updated_at)
				VALUES (:id, :location, :customer, :name, :phone, :address, :lat, :lon, :items::jsonb, :cylinders, :empties,
				    :date, :from, :to, :notes, :sale, :order, :status, :createdBy, :now, :now)
				""").params(p).update();
	}

	Optional<DeliveryOrder> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM delivery_orders o WHERE o.id = :id")
			.param("id", id)
			.query(this::map)
			.optional();
	}

	List<DeliveryOrder> byIds(Collection<UUID> ids) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM delivery_orders o WHERE o.id = ANY(:ids::uuid[]) ORDER BY o.id")
			.param("ids", ids.toArray(UUID[]::new))
			.query(this::map)
			.list();
	}

	/** Pending orders of the location due on the day or before, on no route, oldest first. */
	List<DeliveryOrder> pendingFor(UUID locationId, LocalDate date, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM delivery_orders o
				WHERE o.location_id = :location AND o.status = 'PENDING' AND o.route_id IS NULL AND o.delivery_date <= :date
				ORDER BY o.id LIMIT :limit
				""").param("location", locationId).param("date", date).param("limit", limit).query(this::map).list();
	}

	List<DeliveryOrder> page(Filter filter, @Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT " + COLUMNS + " FROM delivery_orders o WHERE true");
		var params = new LinkedHashMap<String, Object>();
		if (filter.only() != null) {
			sql.append(" AND o.location_id = ANY(:only::uuid[])");
			params.put("only", filter.only().toArray(UUID[]::new));
		}
		if (filter.locationId() != null) {
			sql.append(" AND o.location_id = :location");
			params.put("location", filter.locationId());
		}
		if (filter.status() != null) {
			sql.append(" AND o.status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.date() != null) {
			sql.append(" AND o.delivery_date = :date");
			params.put("date", filter.date());
		}
		if (filter.driverId() != null) {
			sql.append(" AND o.route_id IN (SELECT r.id FROM routes r WHERE r.driver_id = :driver)");
			params.put("driver", filter.driverId());
		}
		if (after != null) {
			sql.append(" AND o.id > :after");
			params.put("after", after);
		}
		sql.append(" ORDER BY o.id LIMIT :limit");
		params.put("limit", limit);
		return jdbc.sql(sql.toString()).params(params).query(this::map).list();
	}

	/** Cancels the order if it is still in the status read; false when it moved meanwhile. */
	boolean cancel(UUID id, DeliveryStatus expected, String reason, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = 'CANCELLED', cancel_reason = :reason, updated_at = :now
				WHERE id = :id AND status = :expected
				""")
			.param("id", id)
			.param("expected", expected.name())
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** A FAILED order back to PENDING on no route, for a new attempt; false when it is not FAILED (any more). */
	boolean reschedule(UUID id, LocalDate date, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = 'PENDING', route_id = NULL, delivery_date = :date, window_from = :from,
				       window_to = :to, updated_at = :now
				WHERE id = :id AND status = 'FAILED'
				""")
			.param("id", id)
			.param("date", date)
			.param("from", from)
			.param("to", to)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** Locks the orders in id order, so that plans taking overlapping orders never deadlock. */
	void lockInOrder(Collection<UUID> ids) {
		jdbc.sql("SELECT id FROM delivery_orders WHERE id = ANY(:ids::uuid[]) ORDER BY id FOR UPDATE")
			.param("ids", ids.toArray(UUID[]::new))
			.query(UUID.class)
			.list();
	}

	/** Puts the orders that are PENDING and on no route onto the route; answers the ones it took. */
	List<UUID> claim(UUID routeId, Collection<UUID> ids, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET route_id = :route, updated_at = :now
				WHERE id = ANY(:ids::uuid[]) AND status = 'PENDING' AND route_id IS NULL
				RETURNING id
				""")
			.param("route", routeId)
			.param("ids", ids.toArray(UUID[]::new))
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list();
	}

	/** Moves the route's orders from one status to another; answers how many moved. */
	int moveOnRoute(UUID routeId, DeliveryStatus from, DeliveryStatus to, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = :to, updated_at = :now WHERE route_id = :route AND status = :from
				""")
			.param("route", routeId)
			.param("from", from.name())
			.param("to", to.name())
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Gives a cancelled route's orders back: off the route, ASSIGNED ones PENDING again. */
	int release(UUID routeId, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = 'PENDING', route_id = NULL, updated_at = :now
				WHERE route_id = :route AND status IN ('PENDING', 'ASSIGNED')
				""").param("route", routeId).param("now", Timestamp.from(now)).update();
	}

	boolean deliver(UUID id, String receivedBy, int cylinders, int empties, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = 'DELIVERED', received_by = :by, cylinders_delivered = :cylinders,
				       empties_collected = :empties, updated_at = :now
				WHERE id = :id AND status = 'OUT_FOR_DELIVERY'
				""")
			.param("id", id)
			.param("by", receivedBy)
			.param("cylinders", cylinders)
			.param("empties", empties)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	boolean fail(UUID id, String reason, Instant now) {
		return jdbc.sql("""
				UPDATE delivery_orders SET status = 'FAILED', failure_reason = :reason, updated_at = :now
				WHERE id = :id AND status = 'OUT_FOR_DELIVERY'
				""").param("id", id).param("reason", reason).param("now", Timestamp.from(now)).update() == 1;
	}

	DeliveryOrder map(ResultSet rs, int row) throws SQLException {
		return new DeliveryOrder(rs.getObject("id", UUID.class), rs.getObject("location_id", UUID.class),
				rs.getObject("customer_id", UUID.class), rs.getString("recipient_name"), rs.getString("recipient_phone"),
				rs.getString("address"), rs.getDouble("latitude"), rs.getDouble("longitude"),
				json.readValue(rs.getString("items"), ITEMS), rs.getInt("cylinders"), rs.getInt("empties_expected"),
				rs.getObject("delivery_date", LocalDate.class), rs.getObject("window_from", OffsetDateTime.class),
				rs.getObject("window_to", OffsetDateTime.class), rs.getString("notes"), rs.getObject("sale_id", UUID.class),
				rs.getObject("order_id", UUID.class), DeliveryStatus.valueOf(rs.getString("status")),
				rs.getObject("route_id", UUID.class), rs.getString("received_by"),
				(Integer) rs.getObject("cylinders_delivered"), (Integer) rs.getObject("empties_collected"),
				rs.getString("failure_reason"), rs.getString("cancel_reason"), rs.getObject("created_by", UUID.class),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}
}

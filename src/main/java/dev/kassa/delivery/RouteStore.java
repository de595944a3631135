package dev.kassa.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The route_plans, routes and route_stops tables. */
@Repository
class RouteStore {

	private static final String ROUTE = """
			id, plan_id, location_id, date, vehicle_id, driver_id, status, starts_at, ends_at, distance_m, duration_s,
			cylinders, distances_estimated, created_at, updated_at, dispatched_at, started_at, finished_at,
			(SELECT v.registration_number FROM vehicles v WHERE v.id = routes.vehicle_id) AS vehicle_registration,
			(SELECT d.name FROM drivers d WHERE d.id = routes.driver_id) AS driver_name""";

	private static final TypeReference<List<RoutePlan.Unassigned>> UNASSIGNED = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RouteStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A plan's row: the request as stored, for its job. */
	record PlanRow(UUID id, UUID locationId, LocalDate date, String status, String request,
			List<RoutePlan.Unassigned> unassigned, @Nullable String failure, @Nullable UUID jobId, Instant createdAt,
			@Nullable Instant completedAt) {
	}

	// Plans

	void insertPlan(UUID id, UUID locationId, LocalDate date, String status, String request, @Nullable UUID createdBy,
			Instant now) {
		jdbc.sql("""
				INSERT INTO route_plans (id, location_id, date, status, request, created_by, created_at)
				VALUES (:id, :location, :date, :status, :request::jsonb, :by, :now)
				""")
			.param("id", id)
			.param("location", locationId)
			.param("date", date)
			.param("status", status)
			.param("request", request)
			.param("by", createdBy)
			.param("now", Timestamp.from(now))
			.update();
	}

	void setPlanJob(UUID id, UUID jobId) {
		jdbc.sql("UPDATE route_plans SET job_id = :job WHERE id = :id").param("id", id).param("job", jobId).update();
	}

	/** Marks a plan finished; false when it was not QUEUED or new (a job that ran twice). */
	boolean finishPlan(UUID id, String status, List<RoutePlan.Unassigned> unassigned, @Nullable String failure,
			Instant now) {
		return jdbc.sql("""
				UPDATE route_plans SET status = :status, unassigned = :unassigned::jsonb, failure = :failure,
				       completed_at = :now
				WHERE id = :id AND status = 'QUEUED'
				""")
			.param("id", id)
			.param("status", status)
			.param("unassigned", json.writeValueAsString(unassigned))
			.param("failure", failure)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	Optional<PlanRow> plan(UUID id) {
		return jdbc.sql("""
				SELECT id, location_id, date, status, request::text, unassigned::text, failure, job_id, created_at, completed_at
				FROM route_plans WHERE id = :id
				""").param("id", id).query((rs, n) -> {
			var completed = rs.getTimestamp(10);
			return new PlanRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, LocalDate.class), rs.getString(4), rs.getString(5),
					json.readValue(rs.getString(6), UNASSIGNED), rs.getString(7), rs.getObject(8, UUID.class),
					rs.getTimestamp(9).toInstant(), completed == null ? null : completed.toInstant());
		}).optional();
	}

	// Routes

	void insert(Route r) {
		var p = new LinkedHashMap<String, Object>();
		p.put("id", r.id());
		p.put("plan", r.planId());
		p.put("location", r.locationId());
		p.put("date", r.date());
		p.put("vehicle", r.vehicleId());
		p.put("driver", r.driverId());
		p.put("status", r.status().name());
		p.put("starts", Timestamp.from(r.startsAt()));
		p.put("ends", Timestamp.from(r.endsAt()));
		p.put("distance", r.distanceM());
		p.put("duration", r.durationS());
		p.put("cylinders", r.cylinders());
		p.put("estimated", r.distancesEstimated());
		p.put("now", Timestamp.from(r.createdAt()));
		jdbc.sql("""
				INSERT INTO routes (id, plan_id, location_id, date, vehicle_id, driver_id, status, starts_at, ends_at,
				                    distance_m, duration_s, cylinders, distances_estimated, created_at, updated_at)
				VALUES (:id, :plan, :location, :date, :vehicle, :driver, :status, :starts, :ends, :distance, :duration,
				        :cylinders, :estimated, :now, :now)
				""").params(p).update();
	}

	void insertStop(UUID routeId, RouteStop s) {
		var p = new LinkedHashMap<String, Object>();
		p.put("id", s.id());
		p.put("route", routeId);
		p.put("seq", s.seq());
		p.put("order", s.deliveryOrderId());
		p.put("arrives", Timestamp.from(s.arrivesAt()));
		p.put("departs", Timestamp.from(s.departsAt()));
		p.put("distance", s.distanceM());
		p.put("cumulative", s.cumulativeM());
		p.put("load", s.loadAfter());
		jdbc.sql("""
				INSERT INTO route_stops (id, route_id, seq, delivery_order_id, status, arrives_at, departs_at, distance_m,
				                         cumulative_m, load_after)
				VALUES (:id, :route, :seq, :order, 'PENDING', :arrives, :departs, :distance, :cumulative, :load)
				""").params(p).update();
	}

	Optional<Route> route(UUID id) {
		var found = jdbc.sql("SELECT " + ROUTE + " FROM routes WHERE id = :id").param("id", id).query(this::map).list();
		return withStops(found).stream().findFirst();
	}

	/** Locks the route row: stop changes of one route run one at a time, so the last one completes it. */
	Optional<RouteStatus> lock(UUID id) {
		return jdbc.sql("SELECT status FROM routes WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query((rs, n) -> RouteStatus.valueOf(rs.getString(1)))
			.optional();
	}

	List<Route> ofPlan(UUID planId) {
		return withStops(jdbc.sql("SELECT " + ROUTE + " FROM routes WHERE plan_id = :plan ORDER BY id")
			.param("plan", planId)
			.query(this::map)
			.list());
	}

	List<Route> ofDriver(UUID driverId, LocalDate date) {
		return withStops(jdbc.sql("SELECT " + ROUTE + """
				 FROM routes WHERE driver_id = :driver AND date = :date AND status IN ('DISPATCHED', 'IN_PROGRESS', 'COMPLETED')
				ORDER BY starts_at, id
				""").param("driver", driverId).param("date", date).query(this::map).list());
	}

	List<Route> page(@Nullable Set<UUID> only, @Nullable UUID locationId, @Nullable LocalDate date,
			@Nullable RouteStatus status, @Nullable UUID driverId, @Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT " + ROUTE + " FROM routes WHERE true");
		var params = new LinkedHashMap<String, Object>();
		if (only != null) {
			sql.append(" AND location_id = ANY(:only::uuid[])");
			params.put("only", only.toArray(UUID[]::new));
		}
		if (locationId != null) {
			sql.append(" AND location_id = :location");
			params.put("location", locationId);
		}
		if (date != null) {
			sql.append(" AND date = :date");
			params.put("date", date);
		}
		if (status != null) {
			sql.append(" AND status = :status");
			params.put("status", status.name());
		}
		if (driverId != null) {
			sql.append(" AND driver_id = :driver");
			params.put("driver", driverId);
		}
		if (after != null) {
			sql.append(" AND id > :after");
			params.put("after", after);
		}
		sql.append(" ORDER BY id LIMIT :limit");
		params.put("limit", limit);
		return withStops(jdbc.sql(sql.toString()).params(params).query(this::map).list());
	}

	/** Moves the route if it is in the status expected; false when it is not (any more). */
	boolean move(UUID id, RouteStatus from, RouteStatus to, Instant now) {
		var stamp = switch (to) {
			case DISPATCHED -> ", dispatched_at = :now";
			case IN_PROGRESS -> ", started_at = :now";
			case COMPLETED, CANCELLED -> ", finished_at = :now";
			case PLANNED -> "";
		};
		return jdbc.sql("UPDATE routes SET status = :to, updated_at = :now" + stamp
				+ " WHERE id = :id AND status = :from")
			.param("id", id)
			.param("from", from.name())
			.param("to", to.name())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** Completes a started route none of whose stops is pending any more. */
	boolean completeIfDone(UUID id, Instant now) {
		return jdbc.sql("""
				UPDATE routes SET status = 'COMPLETED', updated_at = :now, finished_at = :now
				WHERE id = :id AND status = 'IN_PROGRESS'
				  AND NOT EXISTS (SELECT 1 FROM route_stops WHERE route_id = :id AND status = 'PENDING')
				""").param("id", id).param("now", Timestamp.from(now)).update() == 1;
	}

	void setPosition(UUID id, double latitude, double longitude, Instant at) {
		jdbc.sql("""
				UPDATE routes SET position_latitude = :lat, position_longitude = :lon, position_at = :at WHERE id = :id
				""").param("id", id).param("lat", latitude).param("lon", longitude).param("at", Timestamp.from(at)).update();
	}

	/** A pending stop's new ETA. */
	void setEta(UUID stopId, Instant arrives, Instant departs) {
		jdbc.sql("UPDATE route_stops SET arrives_at = :a, departs_at = :d WHERE id = :id AND status = 'PENDING'")
			.param("id", stopId)
			.param("a", Timestamp.from(arrives))
			.param("d", Timestamp.from(departs))
			.update();
	}

	/** The stop's order and status, if the stop is on the route. */
	Optional<Map.Entry<UUID, String>> stop(UUID routeId, UUID stopId) {
		return jdbc.sql("SELECT delivery_order_id, status FROM route_stops WHERE id = :stop AND route_id = :route")
			.param("stop", stopId)
			.param("route", routeId)
			.query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
			.optional();
	}

	boolean finishStop(UUID stopId, String status, Instant now) {
		return jdbc.sql("""
				UPDATE route_stops SET status = :status, done_at = :now WHERE id = :id AND status = 'PENDING'
				""").param("id", stopId).param("status", status).param("now", Timestamp.from(now)).update() == 1;
	}

	void cancelStop(UUID routeId, UUID orderId, Instant now) {
		jdbc.sql("""
				UPDATE route_stops SET status = 'CANCELLED', done_at = :now
				WHERE route_id = :route AND delivery_order_id = :order AND status = 'PENDING'
				""").param("route", routeId).param("order", orderId).param("now", Timestamp.from(now)).update();
	}

	void cancelPendingStops(UUID routeId, Instant now) {
		jdbc.sql("UPDATE route_stops SET status = 'CANCELLED', done_at = :now WHERE route_id = :route AND status = 'PENDING'")
			.param("route", routeId)
			.param("now", Timestamp.from(now))
			.update();
	}

	private List<Route> withStops(List<Route> routes) {
		if (routes.isEmpty()) {
			return routes;
		}
		var byRoute = new LinkedHashMap<UUID, List<RouteStop>>();
		routes.forEach(r -> byRoute.put(r.id(), new ArrayList<>()));
		jdbc.sql("""
				SELECT s.route_id, s.id, s.seq, s.delivery_order_id, s.status, s.arrives_at, s.departs_at, s.distance_m,
				       s.cumulative_m, s.load_after, s.done_at, o.recipient_name, o.recipient_phone, o.address, o.latitude,
				       o.longitude, o.cylinders, o.empties_expected, o.status AS order_status
				FROM route_stops s JOIN delivery_orders o ON o.id = s.delivery_order_id
				WHERE s.route_id = ANY(:ids::uuid[])
				ORDER BY s.route_id, s.seq
				""").param("ids", byRoute.keySet().toArray(UUID[]::new)).query((ResultSet rs) -> {
			var done = rs.getTimestamp("done_at");
			stopsOf(byRoute, rs.getObject("route_id", UUID.class))
				.add(new RouteStop(rs.getObject("id", UUID.class), rs.getInt("seq"),
						rs.getObject("delivery_order_id", UUID.class), rs.getString("status"),
						rs.getTimestamp("arrives_at").toInstant(), rs.getTimestamp("departs_at").toInstant(),
						rs.getLong("distance_m"), rs.getLong("cumulative_m"), rs.getInt("load_after"),
						done == null ? null : done.toInstant(), rs.getString("recipient_name"),
						rs.getString("recipient_phone"), rs.getString("address"), rs.getDouble("latitude"),
						rs.getDouble("longitude"), rs.getInt("cylinders"), rs.getInt("empties_expected"),
						DeliveryStatus.valueOf(rs.getString("order_status"))));
		});
		return routes.stream().map(r -> r.withStops(stopsOf(byRoute, r.id()))).toList();
	}

	private static List<RouteStop> stopsOf(Map<UUID, List<RouteStop>> byRoute, UUID routeId) {
		return Objects.requireNonNull(byRoute.get(routeId), "stops are read for the routes read");
	}

	private Route map(ResultSet rs, int row) throws SQLException {
		return new Route(rs.getObject("id", UUID.class), rs.getObject("plan_id", UUID.class),
				rs.getObject("location_id", UUID.class), rs.getObject("date", LocalDate.class),
				rs.getObject("vehicle_id", UUID.class), rs.getString("vehicle_registration"),
				rs.getObject("driver_id", UUID.class), rs.getString("driver_name"), RouteStatus.valueOf(rs.getString("status")), rs.getTimestamp("starts_at").toInstant(),
				rs.getTimestamp("ends_at").toInstant(), rs.getLong("distance_m"), rs.getLong("duration_s"),
				rs.getInt("cylinders"), rs.getBoolean("distances_estimated"), List.of(), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), instant(rs.getTimestamp("dispatched_at")),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")));
	}

	private static @Nullable Instant instant(@Nullable Timestamp t) {
		return t == null ? null : t.toInstant();
	}
}

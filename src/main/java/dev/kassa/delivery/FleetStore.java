package dev.kassa.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The drivers, vehicles and delivery_depots tables. */
@Repository
class FleetStore {

	private static final String DRIVER = """
			id, name, phone, licence_number, home_location_id, user_id, active, created_at, updated_at""";

	private static final String VEHICLE = """
			id, registration_number, capacity_cylinders, capacity_kg, location_id, active, created_at, updated_at""";

	private final JdbcClient jdbc;

	FleetStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// Drivers

	void insert(Driver d) {
		jdbc.sql("""
				INSERT INTO drivers (id, name, phone, licence_number, home_location_id, user_id, active, created_at, updated_at)
				VALUES (:id, :name, :phone, :licence, :location, :user, :active, :created, :updated)
				""").params(driverParams(d)).update();
	}

	void update(Driver d) {
		jdbc.sql("""
				UPDATE drivers SET name = :name, phone = :phone, licence_number = :licence, home_location_id = :location,
				       user_id = :user, active = :active, updated_at = :updated
				WHERE id = :id
				""").params(driverParams(d)).update();
	}

	private static Map<String, Object> driverParams(Driver d) {
		var p = new LinkedHashMap<String, Object>();
		p.put("id", d.id());
		p.put("name", d.name());
		p.put("phone", d.phone());
		p.put("licence", d.licenceNumber());
		p.put("location", d.homeLocationId());
		p.put("user", d.userId());
		p.put("active", d.active());
		p.put("created", Timestamp.from(d.createdAt()));
		p.put("updated", Timestamp.from(d.updatedAt()));
		return p;
	}

	Optional<Driver> driver(UUID id) {
		return jdbc.sql("SELECT " + DRIVER + " FROM drivers WHERE id = :id").param("id", id).query(this::mapDriver).optional();
	}

	Optional<Driver> lockDriver(UUID id) {
		return jdbc.sql("SELECT " + DRIVER + " FROM drivers WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(this::mapDriver)
			.optional();
	}

	Optional<Driver> driverOfUser(UUID userId) {
		return jdbc.sql("SELECT " + DRIVER + " FROM drivers WHERE user_id = :user")
			.param("user", userId)
			.query(this::mapDriver)
			.optional();
	}

	List<Driver> drivers(@Nullable UUID location, @Nullable Boolean active, @Nullable Set<UUID> only,
			@Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT " + DRIVER + " FROM drivers WHERE true");
		var params = new LinkedHashMap<String, Object>();
		filters(sql, params, "home_location_id", location, active, only, after);
		sql.append(" ORDER BY id LIMIT :limit");
		params.put("limit", limit);
		return jdbc.sql(sql.toString()).params(params).query(this::mapDriver).list();
	}

	private static void filters(StringBuilder sql, Map<String, Object> params, String locationColumn,
			@Nullable UUID location, @Nullable Boolean active, @Nullable Set<UUID> only, @Nullable UUID after) {
		if (location != null) {
			sql.append(" AND ").append(locationColumn).append(" = :location");
			params.put("location", location);
		}
		if (active != null) {
			sql.append(" AND active = :active");
			params.put("active", active);
		}
		if (only != null) {
			sql.append(" AND ").append(locationColumn).append(" = ANY(:only::uuid[])");
			params.put("only", only.toArray(UUID[]::new));
		}
		if (after != null) {
			sql.append(" AND id > :after");
			params.put("after", after);
		}
	}

	/** Routes of the driver that are handed out and not finished. */
	long liveRoutesOfDriver(UUID driverId) {
		return jdbc.sql("SELECT count(*) FROM routes WHERE driver_id = :id AND status IN ('DISPATCHED', 'IN_PROGRESS')")
			.param("id", driverId)
			.query(Long.class)
			.single();
	}

	long liveRoutesOfVehicle(UUID vehicleId) {
		return jdbc.sql("SELECT count(*) FROM routes WHERE vehicle_id = :id AND status IN ('DISPATCHED', 'IN_PROGRESS')")
			.param("id", vehicleId)
			.query(Long.class)
			.single();
	}

	private Driver mapDriver(ResultSet rs, int row) throws SQLException {
		return new Driver(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("phone"),
				rs.getString("licence_number"), rs.getObject("home_location_id", UUID.class),
				rs.getObject("user_id", UUID.class), rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

	// Vehicles

	void insert(Vehicle v) {
		jdbc.sql("""
				INSERT INTO vehicles (id, registration_number, capacity_cylinders, capacity_kg, location_id, active,
				                      created_at, updated_at)
				VALUES (:id, :registration, :cylinders, :kg, :location, :active, :created, :updated)
				""").params(vehicleParams(v)).update();
	}

	void update(Vehicle v) {
		jdbc.sql("""
				UPDATE vehicles SET registration_number = :registration, capacity_cylinders = :cylinders, capacity_kg = :kg,
				       location_id = :location, active = :active, updated_at = :updated
				WHERE id = :id
				""").params(vehicleParams(v)).update();
	}

	private static Map<String, Object> vehicleParams(Vehicle v) {
		var p = new LinkedHashMap<String, Object>();
		p.put("id", v.id());
		p.put("registration", v.registrationNumber());
		p.put("cylinders", v.capacityCylinders());
		p.put("kg", v.capacityKg());
		p.put("location", v.locationId());
		p.put("active", v.active());
		p.put("created", Timestamp.from(v.createdAt()));
		p.put("updated", Timestamp.from(v.updatedAt()));
		return p;
	}

	Optional<Vehicle> vehicle(UUID id) {
		return jdbc.sql("SELECT " + VEHICLE + " FROM vehicles WHERE id = :id").param("id", id).query(this::mapVehicle).optional();
	}

	Optional<Vehicle> lockVehicle(UUID id) {
		return jdbc.sql("SELECT " + VEHICLE + " FROM vehicles WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(this::mapVehicle)
			.optional();
	}

	List<Vehicle> vehicles(@Nullable UUID location, @Nullable Boolean active, @Nullable Set<UUID> only,
			@Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT " + VEHICLE + " FROM vehicles WHERE true");
		var params = new LinkedHashMap<String, Object>();
		filters(sql, params, "location_id", location, active, only, after);
		sql.append(" ORDER BY id LIMIT :limit");
		params.put("limit", limit);
		return jdbc.sql(sql.toString()).params(params).query(this::mapVehicle).list();
	}

	private Vehicle mapVehicle(ResultSet rs, int row) throws SQLException {
		return new Vehicle(rs.getObject("id", UUID.class), rs.getString("registration_number"),
				rs.getInt("capacity_cylinders"), rs.getBigDecimal("capacity_kg"), rs.getObject("location_id", UUID.class),
				rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

	// Depots

	void upsert(Depot depot) {
		jdbc.sql("""
				INSERT INTO delivery_depots (location_id, latitude, longitude, updated_at)
				VALUES (:location, :lat, :lon, :updated)
				ON CONFLICT (location_id) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude,
				       updated_at = excluded.updated_at
				""")
			.param("location", depot.locationId())
			.param("lat", depot.latitude())
			.param("lon", depot.longitude())
			.param("updated", Timestamp.from(depot.updatedAt()))
			.update();
	}

	Optional<Depot> depot(UUID locationId) {
		return jdbc.sql("SELECT location_id, latitude, longitude, updated_at FROM delivery_depots WHERE location_id = :id")
			.param("id", locationId)
			.query((rs, n) -> new Depot(rs.getObject(1, UUID.class), rs.getDouble(2), rs.getDouble(3),
					rs.getTimestamp(4).toInstant()))
			.optional();
	}
}

package dev.kassa.organization;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The locations table. */
@Repository
class LocationStore {

	private static final String COLUMNS = "id, code, name, type, address, state_code, time_zone, active, created_at, updated_at";

	private final JdbcClient jdbc;

	LocationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts unless the code is taken; answers whether it was inserted. */
	boolean insert(Location location) {
		return jdbc.sql("""
				INSERT INTO locations (id, code, name, type, address, state_code, time_zone, active, created_at, updated_at)
				VALUES (:id, :code, :name, :type, :address, :stateCode, :timeZone, :active, :createdAt, :createdAt)
				ON CONFLICT (code) DO NOTHING
				""")
			.param("id", location.id())
			.param("code", location.code())
			.param("name", location.name())
			.param("type", location.type().name())
			.param("address", location.address())
			.param("stateCode", location.stateCode())
			.param("timeZone", location.timeZone())
			.param("active", location.active())
			.param("createdAt", Timestamp.from(location.createdAt()))
			.update() == 1;
	}

	Optional<Location> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM locations WHERE id = :id").param("id", id).query(MAPPER).optional();
	}

	Optional<Location> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM locations WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	/**
	 * A page in id order.
	 *
	 * @param only the ids the caller may see; {@code null} for all
	 */
	List<Location> page(@Nullable UUID after, int limit, @Nullable Collection<UUID> only, @Nullable Boolean active,
			@Nullable LocationType type) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM locations
				WHERE (:after::uuid IS NULL OR id > :after)
				  AND (:restricted = false OR id = ANY(:only::uuid[]))
				  AND (:active::boolean IS NULL OR active = :active)
				  AND (:type::text IS NULL OR type = :type)
				ORDER BY id LIMIT :limit
				""")
			.param("after", after)
			.param("restricted", only != null)
			.param("only", only == null ? "{}" : "{" + String.join(",", only.stream().map(UUID::toString).toList()) + "}")
			.param("active", active)
			.param("type", type == null ? null : type.name())
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	List<Location> allActive() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM locations WHERE active ORDER BY id").query(MAPPER).list();
	}

	void update(Location location) {
		jdbc.sql("""
				UPDATE locations SET name = :name, type = :type, address = :address, state_code = :stateCode,
				       time_zone = :timeZone, active = :active, updated_at = :updatedAt
				WHERE id = :id
				""")
			.param("id", location.id())
			.param("name", location.name())
			.param("type", location.type().name())
			.param("address", location.address())
			.param("stateCode", location.stateCode())
			.param("timeZone", location.timeZone())
			.param("active", location.active())
			.param("updatedAt", Timestamp.from(location.updatedAt()))
			.update();
	}

	void delete(UUID id) {
		jdbc.sql("DELETE FROM locations WHERE id = :id").param("id", id).update();
	}

	private static final RowMapper<Location> MAPPER = (rs, n) -> new Location(rs.getObject("id", UUID.class),
			rs.getString("code"), rs.getString("name"), LocationType.valueOf(rs.getString("type")),
			rs.getString("address"), rs.getString("state_code"), rs.getString("time_zone"), rs.getBoolean("active"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
}

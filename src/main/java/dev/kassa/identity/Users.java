package dev.kassa.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.kassa.platform.Role;

/** The users table. */
@Repository
class Users {

	private static final String COLUMNS = "id, username, display_name, roles, location_ids, active, created_at, updated_at";

	private final JdbcClient jdbc;

	Users(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Credentials(User user, String passwordHash) {
	}

	void insert(User user, String passwordHash) {
		jdbc.sql("""
				INSERT INTO users (id, username, display_name, password_hash, roles, location_ids, active,
				                   password_changed_at, created_at, updated_at)
				VALUES (:id, :username, :displayName, :hash, :roles::text[], :locations::uuid[], :active, :now, :now, :now)
				""")
			.param("id", user.id())
			.param("username", user.username())
			.param("displayName", user.displayName())
			.param("hash", passwordHash)
			.param("roles", rolesLiteral(user.roles()))
			.param("locations", locationsLiteral(user.locationIds()))
			.param("active", user.active())
			.param("now", Timestamp.from(user.createdAt()))
			.update();
	}

	Optional<User> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id").param("id", id).query(MAPPER).optional();
	}

	List<User> byIds(Collection<UUID> ids) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ANY(:ids::uuid[])")
			.param("ids", "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}")
			.query(MAPPER)
			.list();
	}

	Optional<Credentials> credentials(String username) {
		return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM users WHERE lower(username) = lower(:username)")
			.param("username", username)
			.query((rs, n) -> new Credentials(MAPPER.mapRow(rs, n), rs.getString("password_hash")))
			.optional();
	}

	Optional<String> passwordHash(UUID id) {
		return jdbc.sql("SELECT password_hash FROM users WHERE id = :id").param("id", id).query(String.class).optional();
	}

	boolean usernameTaken(String username) {
		return jdbc.sql("SELECT count(*) FROM users WHERE lower(username) = lower(:username)")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	long limitedTo(UUID locationId) {
		return jdbc.sql("SELECT count(*) FROM users WHERE :location = ANY(location_ids)")
			.param("location", locationId)
			.query(Long.class)
			.single();
	}

	/**
	 * The active admins' ids, their rows locked in id order until commit: two admins demoting or deactivating
	 * each other at once are then decided one after the other, and the second sees the first's change.
	 */
	List<UUID> lockActiveAdmins() {
		return jdbc.sql("SELECT id FROM users WHERE 'ADMIN' = ANY(roles) AND active ORDER BY id FOR UPDATE")
			.query(UUID.class)
			.list();
	}

	boolean anyAdmin() {
		return jdbc.sql("SELECT count(*) FROM users WHERE 'ADMIN' = ANY(roles)").query(Long.class).single() > 0;
	}

	List<User> page(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE (:after::uuid IS NULL OR id > :after) ORDER BY id LIMIT :limit")
			.param("after", after)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	void updateAccess(UUID id, EnumSet<Role> roles, @Nullable List<UUID> locations, Instant now) {
		jdbc.sql("UPDATE users SET roles = :roles::text[], location_ids = :locations::uuid[], updated_at = :now WHERE id = :id")
			.param("roles", rolesLiteral(roles))
			.param("locations", locationsLiteral(locations))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void setActive(UUID id, boolean active, Instant now) {
		jdbc.sql("UPDATE users SET active = :active, updated_at = :now WHERE id = :id")
			.param("active", active)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void setPassword(UUID id, String hash, Instant now) {
		jdbc.sql("""
				UPDATE users SET password_hash = :hash, password_changed_at = :now, updated_at = :now,
				    must_change_password = false WHERE id = :id
				""")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** Whether the user still signs in with a generated password that must be replaced first. */
	boolean mustChangePassword(UUID id) {
		return jdbc.sql("SELECT must_change_password FROM users WHERE id = :id").param("id", id)
			.query(Boolean.class).optional().orElse(false);
	}

	void requirePasswordChange(UUID id) {
		jdbc.sql("UPDATE users SET must_change_password = true WHERE id = :id").param("id", id).update();
	}

	private static String rolesLiteral(java.util.Set<Role> roles) {
		return "{" + String.join(",", roles.stream().map(Enum::name).sorted().toList()) + "}";
	}

	private static @Nullable String locationsLiteral(@Nullable List<UUID> locations) {
		return locations == null ? null : "{" + String.join(",", locations.stream().map(UUID::toString).toList()) + "}";
	}

	private static final RowMapper<User> MAPPER = (ResultSet rs, int n) -> new User(rs.getObject("id", UUID.class),
			rs.getString("username"), rs.getString("display_name"), roles(rs.getArray("roles")),
			locations(rs.getArray("location_ids")), rs.getBoolean("active"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

	private static java.util.Set<Role> roles(Array array) throws SQLException {
		var names = (String[]) array.getArray();
		var roles = EnumSet.noneOf(Role.class);
		Arrays.stream(names).map(Role::valueOf).forEach(roles::add);
		return java.util.Collections.unmodifiableSet(roles);
	}

	private static @Nullable List<UUID> locations(@Nullable Array array) throws SQLException {
		if (array == null) {
			return null;
		}
		return List.of((UUID[]) array.getArray());
	}
}

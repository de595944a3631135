package dev.kassa.tills;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The terminals and till_settings tables. */
@Repository
class TerminalStore {

	private static final String COLUMNS = "id, location_id, code, name, active, paper_width, created_at, updated_at";

	private final JdbcClient jdbc;

	TerminalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** False when the location has a terminal with this code already. */
	boolean insert(Terminal terminal) {
		return jdbc.sql("""
				INSERT INTO terminals (id, location_id, code, name, active, paper_width, created_at, updated_at)
				VALUES (:id, :location, :code, :name, :active, :width, :at, :at)
				ON CONFLICT (location_id, code) WHERE deleted_at IS NULL DO NOTHING
				""")
			.param("id", terminal.id())
			.param("location", terminal.locationId())
			.param("code", terminal.code())
			.param("name", terminal.name())
			.param("active", terminal.active())
			.param("width", terminal.paperWidth())
			.param("at", Timestamp.from(terminal.createdAt()))
			.update() == 1;
	}

	Optional<Terminal> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM terminals WHERE id = :id AND deleted_at IS NULL")
			.param("id", id)
			.query(TERMINAL)
			.optional();
	}

	/** The terminal, its row locked until the transaction ends. */
	Optional<Terminal> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM terminals WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
			.param("id", id)
			.query(TERMINAL)
			.optional();
	}

	void update(UUID id, String name, int paperWidth, Instant now) {
		jdbc.sql("UPDATE terminals SET name = :name, paper_width = :width, updated_at = :now WHERE id = :id")
			.param("name", name)
			.param("width", paperWidth)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void setActive(UUID id, boolean active, Instant now) {
		jdbc.sql("UPDATE terminals SET active = :active, updated_at = :now WHERE id = :id")
			.param("active", active)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void markDeleted(UUID id, Instant now) {
		jdbc.sql("UPDATE terminals SET deleted_at = :now, active = false, updated_at = :now WHERE id = :id")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	long sessions(UUID id) {
		return jdbc.sql("SELECT count(*) FROM till_sessions WHERE terminal_id = :id").param("id", id).query(Long.class).single();
	}

	long ofLocation(UUID locationId) {
		return jdbc.sql("SELECT count(*) FROM terminals WHERE location_id = :id")
			.param("id", locationId)
			.query(Long.class)
			.single();
	}

	/** Whether the location has a terminal in use (active, not deleted). */
	boolean anyActive(UUID locationId) {
		return jdbc.sql("SELECT count(*) FROM terminals WHERE location_id = :id AND active AND deleted_at IS NULL")
			.param("id", locationId)
			.query(Long.class)
			.single() > 0;
	}

	/** Oldest first, keyset on the id. */
	List<Terminal> page(@Nullable UUID after, int limit, @Nullable Set<UUID> only, @Nullable UUID locationId,
			@Nullable Boolean active) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM terminals
				WHERE deleted_at IS NULL
				  AND (:after::uuid IS NULL OR id > :after)
				  AND (:only::uuid[] IS NULL OR location_id = ANY(:only::uuid[]))
				  AND (:location::uuid IS NULL OR location_id = :location)
				  AND (:active::boolean IS NULL OR active = :active)
				ORDER BY id
				LIMIT :limit
				""")
			.param("after", after)
			.param("only", only == null ? null : "{" + String.join(",", only.stream().map(UUID::toString).toList()) + "}")
			.param("location", locationId)
			.param("active", active)
			.param("limit", limit)
			.query(TERMINAL)
			.list();
	}

	Optional<TillSettings> settings(UUID locationId) {
		return jdbc.sql("""
				SELECT location_id, session_required, max_open_minutes, paid_out_manager_above, variance_threshold,
				       cashier_many_sessions, shared_sessions
				  FROM till_settings WHERE location_id = :id
				""")
			.param("id", locationId)
			.query((rs, n) -> new TillSettings(rs.getObject("location_id", UUID.class), rs.getBoolean("session_required"),
					rs.getInt("max_open_minutes"), rs.getBigDecimal("paid_out_manager_above"),
					rs.getBigDecimal("variance_threshold"), rs.getBoolean("cashier_many_sessions"),
					rs.getBoolean("shared_sessions"), true))
			.optional();
	}

	void putSettings(TillSettings settings, Instant now) {
		jdbc.sql("""
				INSERT INTO till_settings (location_id, session_required, max_open_minutes, paid_out_manager_above,
				    variance_threshold, cashier_many_sessions, shared_sessions, updated_at)
				VALUES (:location, :required, :minutes, :paidOut, :variance, :many, :shared, :now)
				ON CONFLICT (location_id) DO UPDATE SET session_required = EXCLUDED.session_required,
				    max_open_minutes = EXCLUDED.max_open_minutes, paid_out_manager_above = EXCLUDED.paid_out_manager_above,
				    variance_threshold = EXCLUDED.variance_threshold, cashier_many_sessions = EXCLUDED.cashier_many_sessions,
				    shared_sessions = EXCLUDED.shared_sessions,
				    updated_at = EXCLUDED.updated_at
				""")
			.param("location", settings.locationId())
			.param("required", settings.sessionRequired())
			.param("minutes", settings.maxOpenMinutes())
			.param("paidOut", settings.paidOutManagerAbove())
			.param("variance", settings.varianceThreshold())
			.param("many", settings.cashierManySessions())
			.param("shared", settings.sharedSessions())
			.param("now", Timestamp.from(now))
			.update();
	}

	private static final RowMapper<Terminal> TERMINAL = (ResultSet rs, int n) -> new Terminal(
			rs.getObject("id", UUID.class), rs.getObject("location_id", UUID.class), rs.getString("code"),
			rs.getString("name"), rs.getBoolean("active"), rs.getInt("paper_width"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
}

package dev.kassa.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads of the sealed log. Unsealed events (not yet committed in log order) are never read here. */
@Repository
class EventStore {

	private static final String COLUMNS = "seq, id, type, aggregate_type, aggregate_id, location_id, actor_id, occurred_at, payload::text";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	EventStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	long lastSeq() {
		return jdbc.sql("SELECT coalesce(max(seq), 0) FROM events").query(Long.class).single();
	}

	/** Sealed events with {@code after < seq <= upTo}, in order. */
	List<StoredEvent> range(long after, long upTo, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM events WHERE seq > :after AND seq <= :upTo ORDER BY seq LIMIT :limit
				""").param("after", after).param("upTo", upTo).param("limit", limit).query(this::event).list();
	}

	/**
	 * A page of the log after a position.
	 *
	 * @param types only these types; empty for all
	 * @param location only this location's events
	 * @param visible the caller's locations ({@code null} for all); events without a location are always visible
	 */
	List<StoredEvent> list(long after, Collection<String> types, @Nullable UUID location,
			@Nullable Collection<UUID> visible, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM events
				WHERE seq > :after
				  AND (cardinality(:types::text[]) = 0 OR type = ANY(:types::text[]))
				  AND (:location::uuid IS NULL OR location_id = :location::uuid)
				  AND (:all OR location_id IS NULL OR location_id = ANY(:visible::uuid[]))
				ORDER BY seq LIMIT :limit
				""")
			.param("after", after)
			.param("types", types.toArray(String[]::new))
			.param("location", location)
			.param("all", visible == null)
			.param("visible", ids(visible))
			.param("limit", limit)
			.query(this::event)
			.list();
	}

	List<StoredEvent> history(String aggregateType, UUID aggregateId, long after, @Nullable Collection<UUID> visible,
			int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM events
				WHERE aggregate_type = :aggregateType AND aggregate_id = :aggregateId AND seq > :after
				  AND (:all OR location_id IS NULL OR location_id = ANY(:visible::uuid[]))
				ORDER BY seq LIMIT :limit
				""")
			.param("aggregateType", aggregateType)
			.param("aggregateId", aggregateId)
			.param("after", after)
			.param("all", visible == null)
			.param("visible", ids(visible))
			.param("limit", limit)
			.query(this::event)
			.list();
	}

	private static String[] ids(@Nullable Collection<UUID> visible) {
		return visible == null ? new String[0] : visible.stream().map(UUID::toString).toArray(String[]::new);
	}

	/** A sealed record as the chain covers it, with the hashes stored beside it. */
	record Sealed(EventChain.Content content, byte @Nullable [] prevHash, byte @Nullable [] hash) {
	}

	/** The last record the sealer chained, as it recorded it. */
	record Head(long seq, byte[] hash) {
	}

	Optional<Head> head() {
		return jdbc.sql("SELECT seq, hash FROM event_chain_head WHERE id = 1")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
			.optional();
	}

	List<Sealed> sealedAfter(long after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				, prev_hash, hash FROM events WHERE seq > :after ORDER BY seq LIMIT :limit
				""").param("after", after).param("limit", limit).query((rs, n) -> new Sealed(content(rs), rs.getBytes(10),
						rs.getBytes(11))).list();
	}


	private static EventChain.Content content(ResultSet rs) throws SQLException {
		return new EventChain.Content(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
				rs.getObject(8, OffsetDateTime.class), rs.getString(9));
	}

	private StoredEvent event(ResultSet rs, int row) throws SQLException {
		var aggregateType = rs.getString(4);
		return new StoredEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), Topics.of(aggregateType),
				aggregateType, rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
				rs.getObject(8, OffsetDateTime.class), json.readTree(rs.getString(9)));
	}
}

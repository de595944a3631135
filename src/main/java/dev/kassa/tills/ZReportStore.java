package dev.kassa.tills;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The z_reports table: insert and read only; the database refuses any change. */
@Repository
class ZReportStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ZReportStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The terminal's last Z report: number, grand total and hash; the caller holds the terminal's row lock. */
	record Last(long number, BigDecimal grandTotal, byte @Nullable [] hash) {
	}

	Last last(UUID terminalId) {
		return jdbc.sql("""
				SELECT number, grand_total, hash FROM z_reports WHERE terminal_id = :id ORDER BY number DESC LIMIT 1
				""")
			.param("id", terminalId)
			.query((rs, n) -> new Last(rs.getLong("number"), rs.getBigDecimal("grand_total"), rs.getBytes("hash")))
			.optional()
			.orElse(new Last(0, BigDecimal.ZERO, null));
	}

	void insert(UUID id, UUID terminalId, UUID sessionId, long number, BigDecimal grandTotal, String body,
			byte @Nullable [] previousHash, byte[] hash, Instant now) {
		jdbc.sql("""
				INSERT INTO z_reports (id, terminal_id, session_id, number, grand_total, body, previous_hash, hash, created_at)
				VALUES (:id, :terminal, :session, :number, :grand, :body, :previous, :hash, :at)
				""")
			.param("id", id)
			.param("terminal", terminalId)
			.param("session", sessionId)
			.param("number", number)
			.param("grand", grandTotal)
			.param("body", body)
			.param("previous", previousHash)
			.param("hash", hash)
			.param("at", Timestamp.from(now))
			.update();
	}

	private static final String COLUMNS = "id, terminal_id, session_id, number, grand_total, body, previous_hash, hash, created_at";

	Optional<ZReport> bySession(UUID sessionId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM z_reports WHERE session_id = :id")
			.param("id", sessionId)
			.query((rs, n) -> report(rs))
			.optional();
	}

	/** The terminal's Z reports in number order, from a number on. */
	List<ZReport> ofTerminal(UUID terminalId, long after, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM z_reports WHERE terminal_id = :id AND number > :after ORDER BY number LIMIT :limit")
			.param("id", terminalId)
			.param("after", after)
			.param("limit", limit)
			.query((rs, n) -> report(rs))
			.list();
	}

	/** A stored row as it is, for the chain check: number, body text, previous hash, hash. */
	record Raw(long number, String body, byte @Nullable [] previousHash, byte[] hash) {
	}

	List<Raw> raw(UUID terminalId) {
		return jdbc.sql("SELECT number, body, previous_hash, hash FROM z_reports WHERE terminal_id = :id ORDER BY number")
			.param("id", terminalId)
			.query((rs, n) -> new Raw(rs.getLong("number"), rs.getString("body"), rs.getBytes("previous_hash"),
					rs.getBytes("hash")))
			.list();
	}

	private ZReport report(java.sql.ResultSet rs) throws java.sql.SQLException {
		var previous = rs.getBytes("previous_hash");
		return new ZReport(rs.getObject("id", UUID.class), rs.getObject("terminal_id", UUID.class),
				rs.getObject("session_id", UUID.class), rs.getLong("number"), rs.getBigDecimal("grand_total"),
				json.readTree(rs.getString("body")), previous == null ? null : HexFormat.of().formatHex(previous),
				HexFormat.of().formatHex(rs.getBytes("hash")), rs.getTimestamp("created_at").toInstant());
	}
}
